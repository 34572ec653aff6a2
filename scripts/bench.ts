// `npm run bench`: the local stack on a throwaway database, the Worker's deployable bundle in
// Miniflare (no `wrangler dev` in front), each route loaded with autocannon at each simulated database
// round trip (BENCH_RTTS, default "0,50" ms). One Markdown table: req/s and its ratio to the no-I/O
// baseline of the same run (server and load share the cores: compare ratios), p50/p99, database
// round trips, Postgres and Worker (workerd) CPU per request; then the catalog section (bench-catalog.ts),
// the directory's (bench-directory.ts) and the calendar's (bench-calendar.ts).
// BENCH_COMPARE=rate-limits instead serves limits on and off side by side (bench-rate-limits.ts).
// BENCH_SECONDS (5), BENCH_CONNECTIONS (16), BENCH_ROUNDS (5, compare mode); BENCH_ONLY=<text>[,...]
// keeps the routes whose name contains one (`catalog`, `directory`, `calendar` those rows; the baseline stays);
// BENCH_RUNTIME=wrangler-dev; BENCH_RLS=off runs the Worker as the owner (what row-level security costs).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus as cpuList, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pbkdf2Sync } from 'node:crypto';
import pg from 'pg';
import { PASSWORD_ITERATIONS } from '../src/lib/crypto.ts';
import { calendarTargets, seedCalendar, CALENDARS, ENTRIES } from './bench-calendar.ts';
import { catalogReport, catalogTargets, importRows } from './bench-catalog.ts';
import { directoryReport, directoryTargets, importResources, seedDirectory } from './bench-directory.ts';
import { explain, seedCatalog } from './lib/bench-seed.ts';
import { compareRateLimits } from './bench-rate-limits.ts';
import { measure, postgresCpuTicks, table, type Measured, type Target } from './lib/bench-measure.ts';
import { type Distance } from './lib/distance.ts';
import { freePort } from './lib/ports.ts';
import { startStack } from './lib/stack.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const compare = process.env.BENCH_COMPARE;
if (compare && compare !== 'rate-limits') throw new Error(`BENCH_COMPARE: only "rate-limits" is known, got "${compare}"`);
const rtts = (process.env.BENCH_RTTS ?? (compare ? '0' : '0,50')).split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const runtime = compare || process.env.BENCH_RUNTIME !== 'wrangler-dev' ? 'bundle' : 'wrangler-dev';
const distance: Distance = { rttMs: 0 };
const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
chmodSync(dataDir, 0o755); // Postgres runs as its own user and must reach its folder
let signUps = 0; // top-level await runs the script before later declarations initialise
const cpuCount = () => cpuList().length;
const log = (m: string) => console.log(`[bench] ${m}`);
const stack = await startStack({
  port: await freePort(),
  pgPort: await freePort(),
  bridgePort: await freePort(),
  httpPort: await freePort(),
  dataDir,
  persistent: false,
  runtime,
  distance,
  singleRole: process.env.BENCH_RLS === 'off',
  // RATE_LIMITS=off turns tenant rate limiting and API-call counting off; BENCH_COMPARE=rate-limits serves both at once.
  vars: { REQUEST_LOG: 'false', ...(process.env.RATE_LIMITS && !compare ? { RATE_LIMITS: process.env.RATE_LIMITS } : {}) },
  variants: compare ? { off: { RATE_LIMITS: 'off' } } : undefined,
  showOutput: false,
  log,
});

try {
  await stack.ready;
  // One client (127.0.0.1) sends every request: the per-IP flood limit (dos_*) would block it
  // within a second, so the bench runs with it off, as an operator would.
  await disableFloodLimit(stack.databaseUrl);
  const user = await signUp(stack.url, 'Bench');
  const bearer = { authorization: `Bearer ${user.accessToken}` };
  const json = { 'content-type': 'application/json' };
  let groupNo = 0;
  // One tenant rate limit that never refuses, on /auth/me only: that target pays a Durable Object hit per request.
  await fetch(`${stack.url}/api/v1/secure/tenants/${user.tenantId}/rate-limits`, {
    method: 'POST',
    headers: { ...json, ...bearer },
    body: JSON.stringify({ endpoint_pattern: '/api/v1/secure/auth/me', max_requests: 1_000_000_000, window_seconds: 60, scope_type: 'per_user' }),
  });
  const all: Target[] = [
    { name: 'baseline: no I/O (timezones/regions)', path: '/api/v1/public/timezones/regions' },
    { name: 'reference read (countries/CH)', path: '/api/v1/public/countries/CH' },
    { name: 'reference list (currencies)', path: '/api/v1/public/currencies/' },
    { name: 'phone parse (POST, no I/O)', path: '/api/v1/public/phone/parse', method: 'POST', headers: json, body: '{"phone":"+41791234567"}' },
    { name: 'health (database round trip)', path: '/api/v1/system/health' },
    { name: 'GET /secure/auth/me (user token, per-user rate limit)', path: '/api/v1/secure/auth/me', headers: bearer },
    { name: 'GET /secure/users (user token)', path: '/api/v1/secure/users/?limit=20', headers: bearer },
    { name: 'GET /secure/users (API key)', path: '/api/v1/secure/users/?limit=20', headers: { 'x-api-key': user.apiKey } },
    { name: 'GET /secure/users/{id}', path: `/api/v1/secure/users/${user.id}`, headers: bearer },
    { name: 'POST /secure/groups/create (write)', path: '/api/v1/secure/groups/create', method: 'POST', headers: { ...json, ...bearer }, body: () => JSON.stringify({ name: `bench group ${++groupNo}` }) },
    { name: 'POST /public/auth/login (PBKDF2)', path: '/api/v1/public/auth/login', method: 'POST', headers: json, body: JSON.stringify({ email: user.email, password: user.password }) },
  ];
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  // The baseline row stays: every other row's req/s is read as a ratio to it.
  const pick = (ts: Target[]) => ts.filter((t, i) => (i === 0 && ts === all) || !only || only.some((o) => t.name.includes(o)));
  const settleMs = (rtt: number) => 300 + rtt * 4;
  const conditions = (extra: string) =>
    `${runtime === 'bundle' ? 'deployable bundle in Miniflare' : 'wrangler dev'}, row-level security ${process.env.BENCH_RLS === 'off' ? 'off (one role)' : 'on'}, ${connections} connections, ${duration}s per run${extra}, ${new Date().toISOString()}, ${cpuCount()} CPUs, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
  await measure(stack, all[0]!, { seconds: 2, connections, postgresPid: stack.postgresPid(), settleMs: 0 }); // a fresh isolate runs slower until its code is optimised

  if (compare) {
    const off = stack.variants.off!;
    await measure(off, all[0]!, { seconds: 2, connections, postgresPid: stack.postgresPid(), settleMs: 0 });
    const me = await fetch(`${stack.url}/api/v1/secure/auth/me`, { headers: bearer });
    log(`on: /auth/me answers RateLimit-Limit ${me.headers.get('ratelimit-limit')}; off: ${(await fetch(`${off.url}/api/v1/secure/auth/me`, { headers: bearer })).headers.get('ratelimit-limit')}`);
    distance.rttMs = rtts[0]!;
    const targets = all.filter((t) => ['baseline', 'auth/me', 'users (user token)', 'users (API key)'].some((c) => t.name.includes(c)) && (!only || t === all[0] || only.some((o) => t.name.includes(o))));
    const out = await compareRateLimits({ on: stack, off, targets, rounds, seconds: duration, connections, postgresPid: stack.postgresPid(), settleMs: settleMs(distance.rttMs), log });
    console.log(`\nrate limits and API-call counting on (as deployed) vs RATE_LIMITS=off, two Workers on one database, ${rounds} interleaved rounds per route, medians; simulated database round trip ${distance.rttMs} ms; ${conditions('')}\n`);
    console.log(out);
  } else {
    const wantsCatalog = !only || only.some((o) => o.includes('catalog'));
    const owner = wantsCatalog ? await signUp(stack.url, 'Bench catalog') : undefined;
    const seededMs = owner ? await seedCatalog(stack.databaseUrl, owner) : 0;
    const catalog = owner ? await catalogTargets(stack.url, owner) : undefined;
    if (owner) log(`catalog tenant seeded in ${seededMs} ms`);
    const wantsCalendar = !only || only.some((o) => o.includes('calendar'));
    const calOwner = wantsCalendar ? await signUp(stack.url, 'Bench calendar') : undefined;
    const calSeed = calOwner ? await seedCalendar(stack.databaseUrl, calOwner) : undefined;
    const calendar = calOwner && calSeed ? calendarTargets(calOwner, calSeed.calendarIds) : [];
    if (calSeed) log(`calendar tenant seeded in ${calSeed.ms} ms`);
    const wantsDirectory = !only || only.some((o) => o.includes('directory'));
    const dirOwner = wantsDirectory ? await signUp(stack.url, 'Bench directory') : undefined;
    const dirSeed = dirOwner ? await seedDirectory(stack.databaseUrl, dirOwner) : undefined;
    const directory = dirOwner && dirSeed ? directoryTargets(dirOwner, dirSeed) : [];
    if (dirSeed) log(`directory tenant seeded in ${dirSeed.ms} ms`);
    const targets = [...pick(all), ...(catalog ? pick(catalog.targets) : []), ...pick(calendar), ...pick(directory)];
    const plans = [];
    for (const t of catalog?.targets ?? []) if (targets.includes(t) && t.explain) plans.push(`### ${t.name}\n\n\`\`\`\n${await explain(stack, t)}\n\`\`\``);
    const calendarPlans = [];
    for (const t of calendar) if (targets.includes(t) && t.explain) calendarPlans.push(`### ${t.name}\n\n\`\`\`\n${await explain(stack, t)}\n\`\`\``);
    const directoryPlans = [];
    for (const t of directory) if (targets.includes(t) && t.explain) directoryPlans.push(`### ${t.name}\n\n\`\`\`\n${await explain(stack, t)}\n\`\`\``);

    const results = new Map<string, Map<number, Measured>>(targets.map((t) => [t.name, new Map()]));
    for (const rtt of rtts) {
      distance.rttMs = rtt;
      log(`simulated database round trip ${rtt} ms`);
      for (const t of targets) results.get(t.name)!.set(rtt, await measure(stack, t, { seconds: duration, connections, postgresPid: stack.postgresPid(), settleMs: settleMs(rtt) }));
    }
    const imports = [];
    for (const rtt of owner ? rtts : []) {
      distance.rttMs = rtt;
      imports.push({ rtt, ...(await importRows(stack.url, stack.databaseUrl, await signUp(stack.url, `Bench import ${rtt}`), stack.workerPid, () => postgresCpuTicks(stack.postgresPid()))) });
    }
    const dirImports = [];
    for (const rtt of dirSeed ? rtts : []) {
      distance.rttMs = rtt;
      dirImports.push({ rtt, ...(await importResources(stack.url, stack.databaseUrl, await signUp(stack.url, `Bench resource import ${rtt}`), stack.workerPid, () => postgresCpuTicks(stack.postgresPid()))) });
    }

    // Sign-in cost: the password KDF alone, in this process (OpenSSL; workerd runs BoringSSL natively).
    const kdfRounds = 20;
    const started = process.cpuUsage();
    for (let i = 0; i < kdfRounds; i++) pbkdf2Sync('bench password 1', 'sixteen byte salt', PASSWORD_ITERATIONS, 32, 'sha256');
    const used = process.cpuUsage(started);
    const kdfMs = (used.user + used.system) / 1000 / kdfRounds;

    const at = (label: string) => rtts.map((rtt) => `${label} @${rtt}ms`);
    const header = ['route', ...at('req/s (÷ baseline)'), ...at('p50 ms'), ...at('p99 ms'), 'db round trips/req', ...at('PG CPU ms/req'), ...at('Worker CPU ms/req'), 'errors'];
    const base = results.get(all[0]!.name)!;
    const rows = targets.map((t) => {
      const m = rtts.map((rtt) => results.get(t.name)!.get(rtt)!);
      return [
        t.name,
        ...m.map((x, i) => `${x.rps.toFixed(0)} (${(x.rps / base.get(rtts[i]!)!.rps).toFixed(2)})`),
        ...m.map((x) => String(x.p50)),
        ...m.map((x) => String(x.p99)),
        [...new Set(m.map((x) => x.roundTrips))].join(' / '),
        ...m.map((x) => x.pgCpuMs.toFixed(2)),
        ...m.map((x) => x.workerCpuMs.toFixed(2)),
        m.map((x) => x.errors).join(' / '),
      ];
    });
    console.log(`\n${conditions('')}\n`);
    console.log(table(header, rows));
    console.log(`\ndb round trips/req: Server-Timing \`db\` (HTTP requests and WebSocket queries) + \`db-connect\` (the WebSocket set-up, when the request opened one).${connectCheck(targets, results)}`);
    console.log('PG CPU: utime+stime of the postmaster, its live children and its reaped children (cutime+cstime), over the run, per request served.');
    console.log('Worker CPU: utime+stime of the workerd process serving the Worker (its Durable Objects included), over the run, per request served.');
    console.log(`password KDF: PBKDF2-SHA256 ${PASSWORD_ITERATIONS} iterations = ${kdfMs.toFixed(1)} ms CPU per sign-in`);
    if (catalog) console.log(`\n${await catalogReport({ seededMs, proof: catalog.proof, imports, plans })}`);
    if (dirSeed) console.log(`\n${directoryReport({ seed: dirSeed, imports: dirImports, plans: directoryPlans })}`);
    if (calSeed) console.log(`\n## Calendar\n\n${CALENDARS} calendars, ${ENTRIES} entries and ${CALENDARS} daily series (90 instances each), seeded in ${calSeed.ms} ms.\n\n${calendarPlans.join('\n\n')}`);
  }
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The connection set-up's round trips, measured: the extra time a connection takes at the largest
 * simulated distance over the nearest, in RTTs (one request each, between the runs).
 */
function connectCheck(targets: Target[], results: Map<string, Map<number, Measured>>): string {
  const [near, far] = [Math.min(...rtts), Math.max(...rtts)];
  const meanConnect = (rtt: number) => {
    const ms = targets.map((t) => results.get(t.name)!.get(rtt)!.connectMs).filter((x) => x > 0);
    return ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : 0;
  };
  if (!(far > near && meanConnect(far) > 0)) return '';
  return ` Check: a connection took ${meanConnect(near).toFixed(0)} ms at ${near} ms and ${meanConnect(far).toFixed(0)} ms at ${far} ms, ${((meanConnect(far) - meanConnect(near)) / (far - near)).toFixed(1)} round trips.`;
}

async function disableFloodLimit(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`insert into system_security_config (scope, dos_enabled) values ('global', false)
                      on conflict (scope) do update set dos_enabled = false`);
  await client.end();
}

/** A fresh tenant and owner to call authenticated routes with. */
async function signUp(base: string, tenantName: string) {
  const email = `bench-${Date.now()}-${++signUps}@example.test`;
  const password = 'bench password 1';
  const post = (path: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  await post('/api/v1/public/auth/register', { email, password, tenantName, tenantDomain: `bench-${Date.now()}-${signUps}` });
  const login = await post('/api/v1/public/auth/login', { email, password });
  const key = await fetch(`${base}/api/v1/secure/api-keys/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ name: 'bench', permissions: { users: { read: true } } }),
  }).then((r) => r.json() as Promise<any>);
  // A trial tenant's daily API quota (10,000 calls) would end a run early: the bench tenant has none.
  await fetch(`${base}/api/v1/secure/tenants/${login.user.tenantId}/settings/limits`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ settings: { max_api_calls_per_day: -1, max_users: -1 } }),
  });
  return { id: login.user.id as string, tenantId: login.user.tenantId as string, email, password, accessToken: login.accessToken as string, apiKey: key.fullKey as string };
}
