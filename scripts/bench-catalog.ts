// The catalog rows of `npm run bench` (issue #12): a tenant of its own seeded set-based through pg
// (2,000 categories in a tree of three levels with a German translation each, 2,000 tags over
// 100,000 links in a long tail, 10,000 star ratings of the tenant among 90,000 of 9 spaces), the routes that read them, the
// public QR embed (STATIC warm and its 304, LIVE renders at 256 px PNG, SVG and 600 DPI), the
// EXPLAIN of each route's real SQL (captured at the local HTTP SQL endpoint, replayed as the same
// role with the same tenant setting), a 10,000-row category import, and render CPU in this process.
import pg from 'pg';
import type { QrOptions } from '../src/db/schema/qr-codes.ts';
import { render, type ImageFormat } from '../src/modules/catalog/qr-codes/render/index.ts';
import { processCpuTicks, serverTiming, table, ticksToMs, type Target } from './lib/bench-measure.ts';
import { sleep } from './lib/distance.ts';
import type { Query } from './lib/neon-http.ts';
import { ensureAppRole } from './lib/roles.ts';
import type { Stack } from './lib/stack.ts';

export interface Tenant {
  id: string;
  tenantId: string;
  accessToken: string;
}

const OPTIONS: QrOptions = { foregroundColor: '#000000', backgroundColor: '#FFFFFF', size: 256, sizeUnit: 'px', errorCorrectionLevel: 'M', margin: 4, printProfile: 'STANDARD', icon: { enabled: false, size: 'SMALL' } };
const HI_RES: QrOptions = { ...OPTIONS, printProfile: 'HI_RES_600DPI' };
const QR_TEXT = 'https://example.test/bench/qr-code-payload';

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

async function createCode(base: string, t: Tenant, name: string, renderMode: 'STATIC' | 'LIVE', options: QrOptions): Promise<string> {
  const res = await fetch(`${base}/api/v1/secure/qr-codes/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.accessToken}` },
    body: JSON.stringify({ name, type: 'TEXT', payloadTemplate: { text: QR_TEXT }, renderMode, accessLevel: 'PUBLIC', options }),
  });
  const body = (await res.json()) as { data?: { uuid: string } };
  if (res.status !== 201 || !body.data) throw new Error(`QR create: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.data.uuid;
}

// The embed is limited per client address and code (60 a minute, one Durable Object each): a code's
// requests come from its own pool of addresses in turn (100 for the fast STATIC rows, 20 for the
// LIVE ones), whose objects are made before the runs (a new object costs Miniflare far more than a
// hit), so the limiter is hit as in production and never refuses.
function addresses(n: number, no: number) {
  let i = 0;
  const all = Array.from({ length: n }, (_, k) => ({ 'cf-connecting-ip': `100.64.${no}.${k + 1}` }));
  return () => all[(i = (i + 1) % n)]!;
}

async function warmLimiter(base: string, codes: [string, () => Record<string, string>, number][]): Promise<number> {
  const started = Date.now();
  const jobs = codes.flatMap(([code, ip, n]) => Array.from({ length: n }, () => [`${base}/api/v1/public/qr/${code}`, ip()] as const));
  const worker = async () => {
    for (let job = jobs.pop(); job; job = jobs.pop()) await (await fetch(job[0], { headers: job[1] })).arrayBuffer();
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return Date.now() - started;
}

/** The routes, and what the report needs to show the 304 and the EXPLAINs. */
export async function catalogTargets(base: string, t: Tenant) {
  const auth = { authorization: `Bearer ${t.accessToken}` };
  // Two STATIC codes of the same content (so the same render and ETag): one for the 200 row, one for the 304's, each within its limit.
  const [staticCode, staticTwin, live, liveSvg, liveHiRes] = [
    await createCode(base, t, 'bench static', 'STATIC', OPTIONS),
    await createCode(base, t, 'bench static twin', 'STATIC', OPTIONS),
    await createCode(base, t, 'bench live', 'LIVE', OPTIONS),
    await createCode(base, t, 'bench live svg', 'LIVE', OPTIONS),
    await createCode(base, t, 'bench live 600 dpi', 'LIVE', HI_RES),
  ];
  const embed = `/api/v1/public/qr/${staticCode}`;
  const ips = [addresses(100, 1), addresses(100, 2), addresses(20, 3), addresses(20, 4), addresses(20, 5)] as const;
  // The render's checksum is the ETag (a hex SHA-256 in quotes); a conditional request answers 304.
  const etag = await fetch(base + embed, { headers: ips[0]() }).then(async (r) => (await r.arrayBuffer(), r.headers.get('etag') ?? ''));
  const conditional = await fetch(`${base}/api/v1/public/qr/${staticTwin}`, { headers: { ...ips[1](), 'if-none-match': etag } });
  const limiterMs = await warmLimiter(base, [staticCode, staticTwin, live, liveSvg, liveHiRes].map((code, i) => [code, ips[i]!, i < 2 ? 100 : 20] as [string, () => Record<string, string>, number]));
  const proof =
    `GET ${embed}: ETag ${etag}; its twin (same content) with If-None-Match: ${conditional.status}, ${(await conditional.arrayBuffer()).byteLength} bytes. ` +
    `The embed's per-address limiter objects (100 addresses for each STATIC code, 20 for each LIVE one) were made in ${limiterMs} ms before the runs.`;
  const targets: (Target & { explain?: RegExp })[] = [
    { name: 'catalog: GET categories/tree (2,000)', path: '/api/v1/secure/taxonomy/categories/tree?preferredLanguage=de', headers: auth, explain: /from "categories"/ },
    { name: 'catalog: GET tags/cloud (100,000 links)', path: '/api/v1/secure/taxonomy/tags/cloud?limit=50', headers: auth, explain: /from "tags"/ },
    { name: 'catalog: GET feedback aggregates (10,000)', path: `/api/v1/secure/feedback/app/${t.tenantId}/aggregates`, headers: auth, explain: /from "feedback_ratings"/ },
    { name: 'catalog: QR embed STATIC warm (PNG)', path: embed, perRequestHeaders: ips[0], explain: /from "qr_codes"/ },
    { name: 'catalog: QR embed STATIC If-None-Match (304)', path: `/api/v1/public/qr/${staticTwin}`, headers: { 'if-none-match': etag }, perRequestHeaders: ips[1], status: 304 },
    { name: 'catalog: QR embed LIVE 256 px PNG', path: `/api/v1/public/qr/${live}`, perRequestHeaders: ips[2] },
    { name: 'catalog: QR embed LIVE SVG', path: `/api/v1/public/qr/${liveSvg}?format=svg`, perRequestHeaders: ips[3] },
    { name: 'catalog: QR embed LIVE 600 DPI PNG (1600 px)', path: `/api/v1/public/qr/${liveHiRes}`, perRequestHeaders: ips[4] },
  ];
  return { targets, proof };
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
  return withPg(url, async (db) => {
    await db.query('begin read only');
    try {
      for (const q of batch.queries) if (/set_config\(/.test(q.query) && q !== target) await db.query(q.query, q.params);
      const plan = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${target.query}`, target.params);
      return `${target.query}\n\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`;
    } finally {
      await db.query('rollback');
    }
  });
}

/** A 10,000-row category import (multipart CSV, parents by key) into a fresh tenant: wall time, round trips, CPU. */
export async function importRows(base: string, databaseUrl: string, t: Tenant, workerPid: number | undefined, pgCpu: () => number) {
  await withPg(databaseUrl, (db) => db.query(`update tenants set additional_languages = array['de'] where id = $1`, [t.tenantId]));
  const lines = ['key,parent_key,name,name_de'];
  for (let i = 0; i < 10_000; i++) lines.push(`k-${i},${i >= 100 ? `k-${i % 100}` : ''},Name ${i},Name de ${i}`);
  const form = new FormData();
  form.append('file', new File([lines.join('\n')], 'categories.csv'));
  const [w0, p0, started] = [workerPid ? processCpuTicks(workerPid) : 0, pgCpu(), performance.now()];
  const res = await fetch(`${base}/api/v1/secure/taxonomy/categories/import`, { method: 'POST', headers: { authorization: `Bearer ${t.accessToken}` }, body: form });
  const body = (await res.json()) as { data?: { stats?: Record<string, number> } };
  const wallMs = performance.now() - started;
  const h = res.headers.get('server-timing') ?? '';
  const trips = Number(/db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(h)?.[1] ?? NaN) + Number(/db-connect;dur=[\d.]+;desc="(\d+) round trips"/.exec(h)?.[1] ?? 0);
  return {
    status: res.status,
    created: body.data?.stats?.created ?? 0,
    wallMs,
    roundTrips: trips,
    workerCpuMs: workerPid ? ticksToMs(processCpuTicks(workerPid) - w0) : NaN,
    pgCpuMs: ticksToMs(pgCpu() - p0),
  };
}

/** CPU per render of the Worker's own code (qrcode-generator, fast-png, SHA-256), run in this process (V8 as in workerd). */
export async function renderCpu(): Promise<string> {
  const cases: [string, QrOptions, ImageFormat][] = [
    ['256 px PNG', OPTIONS, 'png'],
    ['SVG', OPTIONS, 'svg'],
    ['600 DPI PNG (1600 px)', HI_RES, 'png'],
  ];
  const rows: string[][] = [];
  for (const [name, options, format] of cases) {
    for (let i = 0; i < 20; i++) await render(QR_TEXT, options, format); // optimised code, as in a warm isolate
    const n = format === 'png' && options.printProfile !== 'STANDARD' ? 50 : 300;
    const before = process.cpuUsage();
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes = (await render(`${QR_TEXT}?${i}`, options, format)).bytes.length;
    const used = process.cpuUsage(before);
    rows.push([name, ((used.user + used.system) / 1000 / n).toFixed(2), String(bytes), String(n)]);
  }
  return table(['render (in this process, Node ' + process.version + ')', 'CPU ms/render', 'bytes', 'renders'], rows);
}
