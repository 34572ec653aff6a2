// `npm run bench`: starts the local stack on a throwaway database and loads it with autocannon.
// Prints requests per second and p50/p99 latency per route, each as a ratio to the baseline
// (a route that does no I/O) measured in the same run: the server and the load generator share
// this machine's cores, so only ratios compare across machines.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pbkdf2Sync } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { PASSWORD_ITERATIONS } from '../src/lib/crypto.ts';
import { freePort } from './lib/ports.ts';
import { startStack } from './lib/stack.ts';

interface Target {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-'));
chmodSync(dataDir, 0o755); // Postgres runs as its own user and must reach its folder
const stack = await startStack({
  port: await freePort(),
  pgPort: await freePort(),
  bridgePort: await freePort(),
  dataDir,
  persistent: false,
  vars: { REQUEST_LOG: 'false' },
  showOutput: false,
  log: (m) => console.log(`[bench] ${m}`),
});

try {
  await stack.ready;
  // One client (127.0.0.1, as wrangler dev reports it) sends every request: the per-IP flood limit
  // (dos_*) would block it within a second, so the bench runs with it off, as an operator would.
  await disableFloodLimit(stack.databaseUrl);
  const user = await signUp(stack.url);
  const targets: Target[] = [
    { name: 'baseline: no I/O (timezones/regions)', path: '/api/v1/public/timezones/regions' },
    { name: 'reference read (countries/CH)', path: '/api/v1/public/countries/CH' },
    { name: 'reference list (currencies)', path: '/api/v1/public/currencies/' },
    { name: 'phone parse (POST, no I/O)', path: '/api/v1/public/phone/parse', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phone":"+41791234567"}' },
    { name: 'health (database round trip)', path: '/api/v1/system/health' },
    { name: 'GET /secure/auth/me (user token)', path: '/api/v1/secure/auth/me', headers: { authorization: `Bearer ${user.accessToken}` } },
    { name: 'GET /secure/users (user token)', path: '/api/v1/secure/users/?limit=20', headers: { authorization: `Bearer ${user.accessToken}` } },
    { name: 'GET /secure/users (API key)', path: '/api/v1/secure/users/?limit=20', headers: { 'x-api-key': user.apiKey } },
    { name: 'POST /public/auth/login (PBKDF2)', path: '/api/v1/public/auth/login', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) },
  ];
  const results: { name: string; rps: number; p50: number; p99: number; errors: number; queries: number }[] = [];
  for (const t of targets) {
    await run(t, 2); // warm the isolate and its caches
    const queries = await dbQueries(t);
    const r = await run(t, duration);
    results.push({ name: t.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, queries });
  }
  const base = results[0]!;
  // Sign-in cost: the password KDF alone, in this process (OpenSSL; workerd runs BoringSSL natively).
  const rounds = 20;
  const started = process.cpuUsage();
  for (let i = 0; i < rounds; i++) pbkdf2Sync('bench password 1', 'sixteen byte salt', PASSWORD_ITERATIONS, 32, 'sha256');
  const used = process.cpuUsage(started);
  const kdfMs = (used.user + used.system) / 1000 / rounds;
  console.log(`\n${connections} connections, ${duration}s per route, ${new Date().toISOString()}`);
  console.log(`${'route'.padEnd(40)} ${'req/s'.padStart(8)} ${'x base'.padStart(7)} ${'p50 ms'.padStart(7)} ${'x base'.padStart(7)} ${'p99 ms'.padStart(7)} ${'x base'.padStart(7)} ${'errors'.padStart(7)} ${'db q/req'.padStart(8)}`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(40)} ${r.rps.toFixed(0).padStart(8)} ${(r.rps / base.rps).toFixed(2).padStart(7)} ${String(r.p50).padStart(7)} ${(r.p50 / Math.max(base.p50, 1)).toFixed(2).padStart(7)} ${String(r.p99).padStart(7)} ${(r.p99 / Math.max(base.p99, 1)).toFixed(2).padStart(7)} ${String(r.errors).padStart(7)} ${String(r.queries).padStart(8)}`,
    );
  }
  console.log(`\npassword KDF: PBKDF2-SHA256 ${PASSWORD_ITERATIONS} iterations = ${kdfMs.toFixed(1)} ms CPU per sign-in`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
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
  return { email, password, accessToken: login.accessToken as string, apiKey: key.fullKey as string };
}

/** Database round trips of one request, from its Server-Timing header (`db;desc="N queries"`). */
async function dbQueries(t: Target): Promise<number> {
  const res = await fetch(stack.url + t.path, { method: t.method ?? 'GET', headers: t.headers, body: t.body });
  await res.arrayBuffer();
  const m = /db;dur=[\d.]+;desc="(\d+) queries"/.exec(res.headers.get('server-timing') ?? '');
  return m ? Number(m[1]) : 0;
}

function run(t: Target, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: stack.url + t.path,
    method: t.method ?? 'GET',
    headers: t.headers,
    body: t.body,
    connections,
    duration: seconds,
  });
}
