// The catalog rows of `npm run bench` (issue #12): a tenant of its own seeded set-based through pg
// (scripts/lib/bench-seed.ts: 2,000 categories in a tree of three levels with a German translation each, 2,000 tags over
// 100,000 links in a long tail, 10,000 star ratings of the tenant among 90,000 of 9 spaces), the routes that read them, the
// public QR embed (STATIC warm and its 304, LIVE renders at 256 px PNG, SVG and 600 DPI), the
// EXPLAIN of each route's real SQL (captured at the local HTTP SQL endpoint, replayed as the same
// role with the same tenant setting), a 10,000-row category import, and render CPU in this process.
import type { QrOptions } from '../src/db/schema/qr-codes.ts';
import { render, type ImageFormat } from '../src/modules/catalog/qr-codes/render/index.ts';
import { processCpuTicks, table, ticksToMs, type Target } from './lib/bench-measure.ts';
import { withPg } from './lib/bench-seed.ts';

import type { Tenant } from './lib/bench-seed.ts';

const OPTIONS: QrOptions = { foregroundColor: '#000000', backgroundColor: '#FFFFFF', size: 256, sizeUnit: 'px', errorCorrectionLevel: 'M', margin: 4, printProfile: 'STANDARD', icon: { enabled: false, size: 'SMALL' } };
const HI_RES: QrOptions = { ...OPTIONS, printProfile: 'HI_RES_600DPI' };
const QR_TEXT = 'https://example.test/bench/qr-code-payload';

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

/** The catalog section after the main table: the tenant, the 304, the imports, render CPU, the plans. */
export async function catalogReport(r: { seededMs: number; proof: string; imports: ({ rtt: number } & Awaited<ReturnType<typeof importRows>>)[]; plans: string[] }): Promise<string> {
  const header = ['10,000-row category import', 'HTTP', 'created', 'wall ms', 'db round trips', 'round trips per 1,000 rows', 'Worker CPU ms', 'PG CPU ms'];
  const imports = r.imports.map((i) => [`@${i.rtt}ms`, String(i.status), String(i.created), i.wallMs.toFixed(0), String(i.roundTrips), (i.roundTrips / 10).toFixed(1), i.workerCpuMs.toFixed(0), i.pgCpuMs.toFixed(0)]);
  return [
    `catalog tenant: 2,000 categories (3 levels, a de translation each), 2,000 tags over 100,000 links, 10,000 star ratings of the tenant (among 90,000 of 9 spaces); seeded in ${r.seededMs} ms. ${r.proof}`,
    table(header, imports),
    await renderCpu(),
    ...r.plans,
  ].join('\n\n');
}
