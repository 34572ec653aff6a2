// The directory rows of `npm run bench` (issue #13): a tenant of its own with 10,000 spaces and
// 100,000 resources spread over Switzerland, seeded set-based through pg (a category tree of three
// levels with most resources linked to a leaf, one or two tags each, 100 position promotions with a
// rank and 50 Effect promotions, which only style); then the plain list (the comparison row), the
// list filtered by a root category with its descendants, nearby (5 km), search and space detail,
// each with the EXPLAIN of its real SQL. And a 10,000-row resource import (CSV with location,
// category keys and tag names) through POST /resources/import into a fresh tenant.
import { table, ticksToMs, processCpuTicks, type Target } from './lib/bench-measure.ts';
import { withPg, type Tenant } from './lib/bench-seed.ts';

export const SPACES = 10_000;
export const RESOURCES = 100_000;
const CATEGORIES = 2_000;
const TAGS = 500;
// Words of the names: `q=proj` finds a tenth of them (and of the spaces), `q=projector alp` a fiftieth.
const WORDS = ['projector', 'beamer', 'chair', 'desk', 'room', 'bike', 'car', 'locker', 'screen', 'printer'];
const KINDS = ['alpha', 'bravo', 'delta', 'echo', 'foxtrot'];
// Zurich main station: nearby looks 5 km around it.
export const ZURICH = { lat: 47.3779, lng: 8.5403 };

/** A deterministic spread over Switzerland's bounding box (45.82..47.81 N, 5.96..10.49 E), low-discrepancy in g. */
const lat = (g: string) => `(45.82 + 1.99 * ((${g} * 0.6180339887498949) - floor(${g} * 0.6180339887498949)))`;
const lng = (g: string) => `(5.96 + 4.53 * ((${g} * 0.7548776662466927) - floor(${g} * 0.7548776662466927)))`;
const words = (g: string) => `(array['${WORDS.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("','")}'])[1 + ${g} % ${WORDS.length}] || ' ' || (array['${KINDS.join("','")}'])[1 + (${g} / ${WORDS.length}) % ${KINDS.length}]`;

export interface DirectorySeed {
  ms: number;
  spaceId: string;
  categoryId: string;
  /** Resources under the filter's category (with descendants). */
  inCategory: number;
}

/** Seeds the tenant (as the owner, set-based): how long it took, a space and the filter's root category. */
export async function seedDirectory(databaseUrl: string, t: Tenant): Promise<DirectorySeed> {
  const started = Date.now();
  return withPg(databaseUrl, async (db) => {
    const p = [t.tenantId, t.id];
    // c-1..c-20 roots, c-21..c-209 under c-(i/10), c-210..c-2000 under c-(i/10): c-5 holds c-50..c-59 and c-500..c-599.
    await db.query(
      `insert into categories (tenant_id, key, level, name, language, created_by)
       select $1::uuid, 'c-' || i, case when i <= 20 then 0 when i < 210 then 1 else 2 end, 'Category ' || i, 'en', $2::uuid
       from generate_series(1, ${CATEGORIES}) i`,
      p,
    );
    await db.query(
      `update categories c set parent_id = up.id from categories up
       where c.tenant_id = $1::uuid and up.tenant_id = $1::uuid and substr(c.key, 3)::int > 20 and up.key = 'c-' || (substr(c.key, 3)::int / 10)`,
      [t.tenantId],
    );
    await db.query(
      `insert into spaces (tenant_id, name, description, language, type, status, home_lat, home_lng, custom_order, created_by)
       select $1::uuid, ${words('g')} || ' hall ' || g, 'Space ' || g || ' of the bench', 'en', 'custom', 'active', ${lat('g + 7')}, ${lng('g + 7')}, 1 + g % 7, $2::uuid
       from generate_series(1, ${SPACES}) g`,
      p,
    );
    // Every resource in a space, at its own place; every 50th inactive, every 97th without a location.
    await db.query(
      `insert into resources (tenant_id, space_id, name, description, language, status, current_lat, current_lng, custom_order, created_by)
       select $1::uuid, s.ids[1 + g % ${SPACES}], ${words('g')} || ' ' || g, 'Resource ' || g || ' of the bench', 'en',
              case when g % 50 = 0 then 'inactive' else 'active' end,
              case when g % 97 <> 0 then ${lat('g')} end, case when g % 97 <> 0 then ${lng('g')} end, 1 + g % 10, $2::uuid
       from generate_series(1, ${RESOURCES}) g, (select array_agg(id order by name) as ids from spaces where tenant_id = $1::uuid) s`,
      p,
    );
    // Position promotions (rank 1..30, in their window) on every 1000th resource, Effect promotions (style only) on others.
    await db.query(
      `update resources set promotion_type = case when n % 3 = 0 then 'PositionFix' else 'PositionDynamic' end, promotion_rank = 1 + (n * 7) % 30,
              promotion_start_date = now() - interval '1 day', promotion_end_date = now() + interval '30 days'
       from (select id, row_number() over (order by id) as n from resources where tenant_id = $1::uuid) x
       where resources.id = x.id and x.n % 1000 = 0`,
      [t.tenantId],
    );
    await db.query(
      `update resources set promotion_type = 'Effect1' from (select id, row_number() over (order by id) as n from resources where tenant_id = $1::uuid) x
       where resources.id = x.id and x.n % 2000 = 500`,
      [t.tenantId],
    );
    // Four of five resources linked to one leaf category (c-210..c-2000).
    await db.query(
      `insert into category_links (tenant_id, category_id, entity_type, entity_id, created_by)
       select $1::uuid, c.id, 'resource', x.id, $2::uuid
       from (select id, row_number() over (order by id) as n from resources where tenant_id = $1::uuid) x
       join categories c on c.tenant_id = $1::uuid and c.key = 'c-' || (210 + x.n % 1791)
       where x.n % 5 <> 0`,
      p,
    );
    await db.query(
      `insert into tags (tenant_id, name, display_name, language, owner_id, owner_type)
       select $1::uuid, 'dir tag ' || i, 'Dir tag ' || i, 'en', $2::uuid, 'user' from generate_series(1, ${TAGS}) i`,
      p,
    );
    // One tag per resource, a second one for every other.
    await db.query(
      `insert into tag_links (tenant_id, tag_id, entity_type, entity_id)
       select $1::uuid, tg.ids[1 + (x.n * k) % ${TAGS}], 'resource', x.id
       from (select id, row_number() over (order by id) as n from resources where tenant_id = $1::uuid) x,
            (select array_agg(id order by name) as ids from tags where tenant_id = $1::uuid) tg, generate_series(1, 2) k
       where k = 1 or x.n % 2 = 0
       on conflict do nothing`,
      [t.tenantId],
    );
    await db.query(
      `update tags set usage_count = c.n from (select tag_id, count(*)::int as n from tag_links where tenant_id = $1::uuid group by tag_id) c where tags.id = c.tag_id`,
      [t.tenantId],
    );
    // Vacuumed now, not by autovacuum during the runs (its CPU would count as theirs).
    await db.query('vacuum (analyze) categories, spaces, resources, category_links, tags, tag_links');
    const space = await db.query<{ id: string }>(`select id from spaces where tenant_id = $1 order by name limit 1 offset 500`, [t.tenantId]);
    const categoryId = (await db.query<{ id: string }>(`select id from categories where tenant_id = $1 and key = 'c-5'`, [t.tenantId])).rows[0]!.id;
    const inCategory = await db.query<{ n: number }>(
      `select count(distinct entity_id)::int as n from category_links where tenant_id = $1 and entity_type = 'resource'
       and category_id in (select id from categories where tenant_id = $1 and (key = 'c-5' or key ~ '^c-5[0-9]{1,2}$'))`,
      [t.tenantId],
    );
    return { ms: Date.now() - started, spaceId: space.rows[0]!.id, categoryId, inCategory: inCategory.rows[0]!.n };
  });
}

export function directoryTargets(t: Tenant, s: DirectorySeed): (Target & { explain?: RegExp })[] {
  const auth = { authorization: `Bearer ${t.accessToken}` };
  const R = '/api/v1/secure/resources';
  return [
    { name: 'directory: resources list (plain, 20)', path: `${R}/?limit=20`, headers: auth, explain: /from "resources"/ },
    { name: 'directory: resources list, category with descendants, promotions (20)', path: `${R}/?limit=20&category_id=${s.categoryId}`, headers: auth, explain: /from "resources"/ },
    { name: 'directory: resources list, category, page 3 of 100', path: `${R}/?limit=100&offset=200&category_id=${s.categoryId}`, headers: auth },
    { name: 'directory: resources nearby 5 km (20)', path: `${R}/nearby?lat=${ZURICH.lat}&lng=${ZURICH.lng}&radiusMeters=5000&limit=20`, headers: auth, explain: /from "resources"/ },
    { name: 'directory: resources nearby 5 km (100)', path: `${R}/nearby?lat=${ZURICH.lat}&lng=${ZURICH.lng}&radiusMeters=5000&limit=100`, headers: auth },
    // Matched through the GIN indexes by the search matchers (drizzle/0034); their own plans follow the outer one.
    { name: 'directory: search q=proj (all types, 20)', path: '/api/v1/secure/search/?q=proj&limit=20', headers: auth, explain: /union all/ },
    { name: 'directory: space detail', path: `/api/v1/secure/spaces/${s.spaceId}`, headers: auth, explain: /from "spaces"/ },
  ];
}

/** A 10,000-row resource import (CSV: location, two category keys, tag names created when missing) into a fresh tenant: wall time, round trips, CPU. */
export async function importResources(base: string, databaseUrl: string, t: Tenant, workerPid: number | undefined, pgCpu: () => number) {
  await fetch(`${base}/api/v1/secure/tenants/${t.tenantId}/settings/limits`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.accessToken}` },
    body: JSON.stringify({ settings: { max_resources: -1 } }),
  });
  await withPg(databaseUrl, (db) =>
    db.query(`insert into categories (tenant_id, key, level, name, language, created_by) select $1::uuid, 'k-' || i, 0, 'Kind ' || i, 'en', $2::uuid from generate_series(1, 50) i`, [t.tenantId, t.id]),
  );
  const lines = ['name,description,status,latitude,longitude,categories,tags'];
  for (let i = 0; i < 10_000; i++) {
    const at = (x: number, from: number, span: number) => (from + span * ((i * x) % 1)).toFixed(5);
    lines.push(`Imported ${i},Row ${i},active,${at(0.6180339887, 45.82, 1.99)},${at(0.7548776662, 5.96, 4.53)},"k-${1 + (i % 50)},k-${1 + ((i * 7) % 50)}","t-${i % 200},t-${(i * 3) % 200}"`);
  }
  const form = new FormData();
  form.append('file', new File([lines.join('\n')], 'resources.csv'));
  form.append('options', JSON.stringify({ createMissingTags: true }));
  const [w0, p0, started] = [workerPid ? processCpuTicks(workerPid) : 0, pgCpu(), performance.now()];
  const res = await fetch(`${base}/api/v1/secure/resources/import`, { method: 'POST', headers: { authorization: `Bearer ${t.accessToken}` }, body: form });
  const body = (await res.json()) as { data?: { stats?: Record<string, number> }; message?: string };
  const wallMs = performance.now() - started;
  const h = res.headers.get('server-timing') ?? '';
  const db = /db;dur=[\d.]+;desc="(\d+) queries in (\d+) round trips"/.exec(h);
  const trips = Number(db?.[2] ?? NaN) + Number(/db-connect;dur=[\d.]+;desc="(\d+) round trips"/.exec(h)?.[1] ?? 0);
  const links = await withPg(databaseUrl, (c) =>
    c.query<{ cats: number; tags: number }>(
      `select (select count(*)::int from category_links where tenant_id = $1) as cats, (select count(*)::int from tag_links where tenant_id = $1) as tags`,
      [t.tenantId],
    ),
  );
  return {
    status: res.status,
    created: body.data?.stats?.created ?? 0,
    error: res.ok ? undefined : body.message,
    wallMs,
    queries: Number(db?.[1] ?? NaN),
    roundTrips: trips,
    categoryLinks: links.rows[0]!.cats,
    tagLinks: links.rows[0]!.tags,
    workerCpuMs: workerPid ? ticksToMs(processCpuTicks(workerPid) - w0) : NaN,
    pgCpuMs: ticksToMs(pgCpu() - p0),
  };
}

/** The directory section after the main table: the tenant, the imports, the plans. */
export function directoryReport(r: { seed: DirectorySeed; imports: ({ rtt: number } & Awaited<ReturnType<typeof importResources>>)[]; plans: string[] }): string {
  const header = ['10,000-row resource import', 'HTTP', 'created', 'category links', 'tag links', 'wall ms', 'queries', 'db round trips', 'Worker CPU ms', 'PG CPU ms'];
  const rows = r.imports.map((i) => [
    `@${i.rtt}ms`, `${i.status}${i.error ? ` ${i.error}` : ''}`, String(i.created), String(i.categoryLinks), String(i.tagLinks), i.wallMs.toFixed(0), String(i.queries), String(i.roundTrips), i.workerCpuMs.toFixed(0), i.pgCpuMs.toFixed(0),
  ]);
  return [
    `## Directory\n\n${SPACES.toLocaleString('en')} spaces and ${RESOURCES.toLocaleString('en')} resources over Switzerland, ${CATEGORIES.toLocaleString('en')} categories in 3 levels (80,000 resources linked to a leaf; the filter's root category c-5 holds ${r.seed.inCategory.toLocaleString('en')} of them with its descendants), ${TAGS} tags over 150,000 links, 100 position promotions and 50 Effect ones; seeded in ${r.seed.ms} ms.`,
    table(header, rows),
    ...r.plans,
  ].join('\n\n');
}
