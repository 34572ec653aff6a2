// `npm run bench`: starts the local stack on a throwaway database, serves the Worker's deployable
// bundle in Miniflare (as production runs it: no `wrangler dev` in front) and loads each route
// with autocannon, once with no distance to the database and once at a simulated round trip
// (BENCH_RTTS, default "0,50" ms; see scripts/lib/distance.ts). Prints one Markdown table: req/s,
// p50/p99 latency, database round trips per request and Postgres CPU per request.
// The server and the load generator share this machine's cores, so compare req/s and latency as
// ratios to the baseline row (a route with no I/O) of the same run; round trips and Postgres CPU
// per request compare across machines.
//
// BENCH_SECONDS (5) and BENCH_CONNECTIONS (16) per route; BENCH_ONLY=<text>[,<text>...] keeps the routes
// whose name contains one of them; BENCH_RUNTIME=wrangler-dev measures through `wrangler dev` instead;
// BENCH_RLS=off runs the Worker with one role (the owner): the baseline of what row-level security costs.
import { execSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pbkdf2Sync } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { PASSWORD_ITERATIONS } from '../src/lib/crypto.ts';
import { sleep, type Distance } from './lib/distance.ts';
import { freePort } from './lib/ports.ts';
import { startStack } from './lib/stack.ts';

interface Target {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A function makes a new body per request (unique names for writes). */
  body?: string | (() => string);
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  roundTrips: number;
  connectMs: number;
  pgCpuMs: number;
}


const duration = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rtts = (process.env.BENCH_RTTS ?? '0,50').split(',').map(Number);
const runtime = process.env.BENCH_RUNTIME === 'wrangler-dev' ? 'wrangler-dev' : 'bundle';
const clockTicks = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
const distance: Distance = { rttMs: 0 };
const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
chmodSync(dataDir, 0o755); // Postgres runs as its own user and must reach its folder
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
  // RATE_LIMITS=off turns tenant rate limiting and API-call counting off (compare runs with and without).
  vars: { REQUEST_LOG: 'false', ...(process.env.RATE_LIMITS ? { RATE_LIMITS: process.env.RATE_LIMITS } : {}) },
  showOutput: false,
  log: (m) => console.log(`[bench] ${m}`),
});

try {
  await stack.ready;
  // One client (127.0.0.1) sends every request: the per-IP flood limit (dos_*) would block it
  // within a second, so the bench runs with it off, as an operator would.
  await disableFloodLimit(stack.databaseUrl);
  const user = await signUp(stack.url);
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
  const targets = all.filter((t) => !only || only.some((o) => t.name.includes(o)));

  const results = new Map<string, Map<number, Measured>>(targets.map((t) => [t.name, new Map()]));
  await run(all[0]!, 3); // a fresh isolate runs slower until its code is optimised: not the first route's cost
  for (const rtt of rtts) {
    distance.rttMs = rtt;
    console.log(`[bench] simulated database round trip ${rtt} ms`);
    for (const t of targets) {
      await run(t, 1); // warm the isolate and its caches
      const timing = await serverTiming(t);
      const cpuBefore = postgresCpuTicks(stack.postgresPid());
      const r = await run(t, duration);
      await sleep(300 + rtt * 4); // let the last requests' after-response work and connection ends finish
      const cpuTicks = postgresCpuTicks(stack.postgresPid()) - cpuBefore;
      results.get(t.name)!.set(rtt, {
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.non2xx + r.timeouts,
        roundTrips: timing.roundTrips + timing.connectRoundTrips,
        connectMs: timing.connectMs ?? 0,
        pgCpuMs: (cpuTicks * 1000) / clockTicks / Math.max(r.requests.total, 1),
      });
    }
  }

  // Sign-in cost: the password KDF alone, in this process (OpenSSL; workerd runs BoringSSL natively).
  const rounds = 20;
  const started = process.cpuUsage();
  for (let i = 0; i < rounds; i++) pbkdf2Sync('bench password 1', 'sixteen byte salt', PASSWORD_ITERATIONS, 32, 'sha256');
  const used = process.cpuUsage(started);
  const kdfMs = (used.user + used.system) / 1000 / rounds;

  const at = (label: string) => rtts.map((rtt) => `${label} @${rtt}ms`);
  const header = ['route', ...at('req/s'), ...at('p50 ms'), ...at('p99 ms'), 'db round trips/req', ...at('PG CPU ms/req'), 'errors'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const t of targets) {
    const m = rtts.map((rtt) => results.get(t.name)!.get(rtt)!);
    const trips = [...new Set(m.map((x) => x.roundTrips))].join(' / ');
    lines.push(
      `| ${[
        t.name,
        ...m.map((x) => x.rps.toFixed(0)),
        ...m.map((x) => String(x.p50)),
        ...m.map((x) => String(x.p99)),
        trips,
        ...m.map((x) => x.pgCpuMs.toFixed(2)),
        m.map((x) => x.errors).join(' / '),
      ].join(' | ')} |`,
    );
  }
  // The connection set-up's round trips, measured: the extra time a connection takes at the
  // largest simulated distance over the nearest, in RTTs (one request each, between the runs).
  const [near, far] = [Math.min(...rtts), Math.max(...rtts)];
  const meanConnect = (rtt: number) => {
    const ms = targets.map((t) => results.get(t.name)!.get(rtt)!.connectMs).filter((x) => x > 0);
    return ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : 0;
  };
  const connectCheck =
    far > near && meanConnect(far) > 0
      ? ` Check: a connection took ${meanConnect(near).toFixed(0)} ms at ${near} ms and ${meanConnect(far).toFixed(0)} ms at ${far} ms, ` +
        `${((meanConnect(far) - meanConnect(near)) / (far - near)).toFixed(1)} round trips.`
      : '';
  console.log(`\n${runtime === 'bundle' ? 'deployable bundle in Miniflare' : 'wrangler dev'}, row-level security ${process.env.BENCH_RLS === 'off' ? 'off (one role)' : 'on'}, ${connections} connections, ${duration}s per route, ${new Date().toISOString()}\n`);
  console.log(lines.join('\n'));
  console.log(
    `\ndb round trips/req: Server-Timing \`db\` (HTTP requests and WebSocket queries) + \`db-connect\` (the WebSocket set-up, when the request opened one).${connectCheck}`,
  );
  console.log(`PG CPU: utime+stime of the postmaster, its live children and its reaped children (cutime+cstime), over the run, per request served.`);
  console.log(`password KDF: PBKDF2-SHA256 ${PASSWORD_ITERATIONS} iterations = ${kdfMs.toFixed(1)} ms CPU per sign-in`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * CPU time Postgres has used, in clock ticks: the postmaster's own, that of its live children
 * (backends, background workers) and that of the children it has reaped (cutime+cstime), so
 * backends that exited during the run count too. Re-read when a child was reaped meanwhile.
 */
function postgresCpuTicks(postmaster: number): number {
  const stat = (pid: number | string) => {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  };
  for (;;) {
    const before = stat(postmaster);
    let children = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const s = stat(pid);
        if (s.ppid === postmaster) children += s.own;
      } catch {
        /* exited meanwhile */
      }
    }
    const after = stat(postmaster);
    if (after.reaped === before.reaped) return after.own + after.reaped + children;
  }
}

async function disableFloodLimit(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`insert into system_security_config (scope, dos_enabled) values ('global', false)
                      on conflict (scope) do update set dos_enabled = false`);
  await client.end();
}

/** A fresh tenant and owner to call authenticated routes with. */
async function signUp(base: string) {
  const email = `bench-${Date.now()}@example.test`;
  const password = 'bench password 1';
  const post = (path: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  await post('/api/v1/public/auth/register', { email, password, tenantName: 'Bench', tenantDomain: `bench-${Date.now()}` });
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

function bodyOf(t: Target): string | undefined {
  return typeof t.body === 'function' ? t.body() : t.body;
}

/** One request's database use, from its Server-Timing header (`db;desc="N queries in M round trips"`, `db-connect;dur=ms;desc="K round trips"`). */
async function serverTiming(t: Target): Promise<{ roundTrips: number; connectRoundTrips: number; connectMs?: number }> {
  const res = await fetch(stack.url + t.path, { method: t.method ?? 'GET', headers: t.headers, body: bodyOf(t) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${t.name}: HTTP ${res.status}`);
  const h = res.headers.get('server-timing') ?? '';
  const db = /(?:^|,\s*)db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(h);
  const connect = /db-connect;dur=([\d.]+);desc="(\d+) round trips"/.exec(h);
  return { roundTrips: db ? Number(db[1]) : 0, connectRoundTrips: connect ? Number(connect[2]) : 0, connectMs: connect ? Number(connect[1]) : undefined };
}

function run(t: Target, seconds: number): Promise<autocannon.Result> {
  const request = { method: t.method ?? 'GET', path: t.path, headers: t.headers };
  return autocannon({
    url: stack.url,
    requests: [typeof t.body === 'function' ? { ...request, setupRequest: (r) => ({ ...r, body: bodyOf(t) }) } : { ...request, body: t.body }],
    connections,
    duration: seconds,
  });
}
