// Set-based seeding for the bench's catalog rows (scripts/bench-catalog.ts), as the owner through pg,
// and the EXPLAIN of a route's real SQL (captured at the local HTTP SQL endpoint).
import pg from 'pg';
import { serverTiming, type Target } from './bench-measure.ts';
import { sleep } from './distance.ts';
import type { Query } from './neon-http.ts';
import { ensureAppRole } from './roles.ts';
import type { Stack } from './stack.ts';

export interface Tenant {
  id: string;
  tenantId: string;
  accessToken: string;
}

export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Seeds the tenant (as the owner, set-based): returns how long it took. */
export async function seedCatalog(databaseUrl: string, t: Tenant): Promise<number> {
  const started = Date.now();
  await withPg(databaseUrl, async (db) => {
    const p = [t.tenantId, t.id];
    await db.query(`update tenants set additional_languages = array['de'] where id = $1`, [t.tenantId]);
    // c-1..c-20 roots, c-21..c-209 under c-(i/10) (level 1), c-210..c-2000 under c-(i/10) (level 2).
    await db.query(
      `insert into categories (id, tenant_id, parent_id, key, level, name, language, created_by)
       select md5($1::text || ':' || i)::uuid, $1::uuid, case when i > 20 then md5($1::text || ':' || (i / 10))::uuid end, 'c-' || i,
              case when i <= 20 then 0 when i < 210 then 1 else 2 end, 'Category ' || i, 'en', $2::uuid
       from generate_series(1, 2000) i`,
      p,
    );
    await db.query(`insert into category_translations (tenant_id, category_id, locale, name) select tenant_id, id, 'de', 'Kategorie ' || key from categories where tenant_id = $1`, [t.tenantId]);
    // Tag n gets 100 - n/20 links (a long tail, 100,000 in all), the counts as links set them.
    await db.query(
      `insert into tags (tenant_id, name, display_name, language, owner_id, owner_type, usage_count)
       select $1::uuid, 'tag ' || lpad(i::text, 4, '0'), 'Tag ' || i, 'en', $2::uuid, 'user', greatest(1, 100 - i / 20) from generate_series(1, 2000) i`,
      p,
    );
    await db.query(
      `insert into tag_links (tenant_id, tag_id, entity_type, entity_id)
       select $1::uuid, tg.id, 'group', gen_random_uuid() from tags tg, generate_series(1, tg.usage_count) k where tg.tenant_id = $1::uuid`,
      [t.tenantId],
    );
    // 10,000 raters with values 1..5 in turn, every third one private (as test/catalog/feedback.test.ts).
    await db.query(
      `with raters as (
         insert into users (tenant_id, email) select $1::uuid, 'rater-' || g || '-' || $1::text || '@example.test' from generate_series(1, 10000) g returning id, email
       )
       insert into feedback_ratings (tenant_id, user_id, entity_type, entity_id, rating_type, value, is_public)
       select $1::uuid, id, 'app', $1::uuid, 'stars', (split_part(email, '-', 2)::int % 5) + 1, split_part(email, '-', 2)::int % 3 <> 0 from raters`,
      [t.tenantId],
    );
    // The same raters rate 9 spaces too: the tenant's 10,000 are a tenth of the table, as among other entities' ratings.
    await db.query(
      `insert into feedback_ratings (tenant_id, user_id, entity_type, entity_id, rating_type, value)
       select $1::uuid, r.user_id, 'space', md5('space' || s)::uuid, 'stars', r.value from feedback_ratings r, generate_series(1, 9) s where r.tenant_id = $1::uuid`,
      [t.tenantId],
    );
    // Vacuumed now, not by autovacuum during the runs (its CPU would count as theirs); the visibility map lets index-only scans skip the heap.
    await db.query('vacuum (analyze) categories, category_translations, tags, tag_links, users, feedback_ratings');
  });
  return Date.now() - started;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statement of `t` matching `t.explain`, as the Worker sent it: its
 * SQL and parameters seen at the HTTP SQL endpoint (the embed's row is cached for 5 s: wait that long), replayed as the same role in a
 * transaction after the batch's `set_config` statements (the tenant of row-level security).
 */
export async function explain(stack: Stack, t: Target & { explain?: RegExp }): Promise<string> {
  if (!t.explain) return '';
  if (t.path.startsWith('/api/v1/public/qr/')) await sleep(5_100);
  const batches: { queries: Query[]; user: string }[] = [];
  stack.sql.tap = (queries, user) => batches.push({ queries, user });
  try {
    await serverTiming(stack.url, t);
  } finally {
    stack.sql.tap = undefined;
  }
  const batch = batches.find((b) => b.queries.some((q) => t.explain!.test(q.query)));
  if (!batch) return `(no statement matching ${t.explain} was sent: served from a cache)`;
  const target = batch.queries.find((q) => t.explain!.test(q.query))!;
  const appUrl = await ensureAppRole(stack.databaseUrl);
  const url = batch.user === new URL(appUrl).username ? appUrl : stack.databaseUrl;
  const settings = batch.queries.filter((q) => /set_config\(/.test(q.query) && q !== target);
  const outer = await withPg(url, async (db) => {
    await db.query('begin read only');
    try {
      for (const q of settings) await db.query(q.query, q.params);
      const plan = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${target.query}`, target.params);
      return `${target.query}\n\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`;
    } finally {
      await db.query('rollback');
    }
  });
  return /search_\w+_(ids|ranked)\(/.test(target.query) ? `${outer}\n\n${await nestedPlans(stack.databaseUrl, settings, target)}` : outer;
}

/**
 * The plans of the statements run inside functions (the search matchers, drizzle/0034, which the
 * outer plan shows as a Function Scan): auto_explain, as the superuser, with its output as notices.
 */
async function nestedPlans(superUrl: string, settings: Query[], target: Query): Promise<string> {
  return withPg(superUrl, async (db) => {
    const notices: string[] = [];
    db.on('notice', (n) => notices.push(n.message ?? ''));
    await db.query('begin read only');
    try {
      for (const q of settings) await db.query(q.query, q.params);
      await db.query(`load 'auto_explain'`);
      for (const set of ['log_min_duration = 0', 'log_nested_statements = on', 'log_analyze = on', 'log_buffers = on', 'log_timing = off', 'log_level = notice'])
        await db.query(`set local auto_explain.${set}`);
      await db.query(target.query, target.params);
    } finally {
      await db.query('rollback');
    }
    return notices.filter((n) => /Query Text/.test(n)).map((n) => `Inside the function (auto_explain):\n${n}`).join('\n\n');
  });
}
