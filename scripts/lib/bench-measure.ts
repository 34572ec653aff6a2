// Measuring one route for `npm run bench`: autocannon load, the database round trips of one request
// (its Server-Timing header), Postgres CPU and the Worker's own CPU (the workerd process serving it)
// over the run, per request served. Shared by the bench's modes (scripts/bench*.ts).
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { sleep } from './distance.ts';

export interface Target {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A function makes a new body per request (unique names for writes). */
  body?: string | (() => string);
  /** A function makes extra headers per request (a fresh client address, for per-IP limits). */
  perRequestHeaders?: () => Record<string, string>;
  /** The status every loaded request must answer (default: any 2xx). */
  status?: number;
  /** Concurrent connections for this route (default: the run's), for routes too slow to take the full load in time. */
  connections?: number;
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  roundTrips: number;
  connectMs: number;
  pgCpuMs: number;
  /** CPU of the workerd process serving the Worker (its Durable Objects included), per request. */
  workerCpuMs: number;
}

export interface Server {
  url: string;
  /** The workerd process serving `url` (undefined: not measured). */
  workerPid?: number;
}

const clockTicks = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
export const ticksToMs = (ticks: number) => (ticks * 1000) / clockTicks;

interface Stat {
  ppid: number;
  own: number;
  reaped: number;
}
function stat(pid: number | string): Stat {
  const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
  return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
}

/** CPU ticks of one process (all its threads) and of the children it reaped. */
export function processCpuTicks(pid: number): number {
  const s = stat(pid);
  return s.own + s.reaped;
}

/** Live child processes of `parent` whose command name is `comm`. */
export function childrenNamed(parent: number, comm: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm && stat(pid).ppid === parent) out.push(Number(pid));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/**
 * CPU time Postgres has used, in clock ticks: the postmaster's own, that of its live children
 * (backends, background workers) and that of the children it has reaped (cutime+cstime), so
 * backends that exited during the run count too. Re-read when a child was reaped meanwhile.
 */
export function postgresCpuTicks(postmaster: number): number {
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

export function bodyOf(t: Target): string | undefined {
  return typeof t.body === 'function' ? t.body() : t.body;
}

export interface Timing {
  status: number;
  roundTrips: number;
  connectRoundTrips: number;
  connectMs?: number;
  headers: Headers;
}

/** One request's database use, from its Server-Timing header (`db;desc="N queries in M round trips"`, `db-connect;dur=ms;desc="K round trips"`). */
export async function serverTiming(base: string, t: Target): Promise<Timing> {
  const res = await fetch(base + t.path, { method: t.method ?? 'GET', headers: { ...t.headers, ...t.perRequestHeaders?.() }, body: bodyOf(t) });
  const text = await res.text();
  if (t.status ? res.status !== t.status : !res.ok) throw new Error(`${t.name}: HTTP ${res.status} ${text.slice(0, 300)}`);
  const h = res.headers.get('server-timing') ?? '';
  const db = /(?:^|,\s*)db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(h);
  const connect = /db-connect;dur=([\d.]+);desc="(\d+) round trips"/.exec(h);
  return { status: res.status, headers: res.headers, roundTrips: db ? Number(db[1]) : 0, connectRoundTrips: connect ? Number(connect[2]) : 0, connectMs: connect ? Number(connect[1]) : undefined };
}

export function load(base: string, t: Target, seconds: number, connections: number): Promise<autocannon.Result> {
  const request = { method: t.method ?? 'GET', path: t.path, headers: t.headers };
  const perRequest = typeof t.body === 'function' || t.perRequestHeaders;
  return autocannon({
    url: base,
    requests: [
      perRequest
        ? { ...request, setupRequest: (r) => ({ ...r, body: bodyOf(t), headers: { ...r.headers, ...t.perRequestHeaders?.() } }) }
        : { ...request, body: bodyOf(t) },
    ],
    connections,
    duration: seconds,
  });
}

/** Warms the route, reads one request's round trips, then loads it for `seconds` with CPU counted around the run. */
export async function measure(server: Server, t: Target, o: { seconds: number; connections: number; postgresPid: number; settleMs: number }): Promise<Measured> {
  const connections = t.connections ?? o.connections;
  await load(server.url, t, 1, connections); // warm the isolate and its caches
  const timing = await serverTiming(server.url, t);
  const pgBefore = postgresCpuTicks(o.postgresPid);
  const workerBefore = server.workerPid ? processCpuTicks(server.workerPid) : 0;
  const r = await load(server.url, t, o.seconds, connections);
  await sleep(o.settleMs); // let the last requests' after-response work and connection ends finish
  const pgTicks = postgresCpuTicks(o.postgresPid) - pgBefore;
  const workerTicks = server.workerPid ? processCpuTicks(server.workerPid) - workerBefore : 0;
  const served = Math.max(r.requests.total, 1);
  const ok = t.status ? (r.statusCodeStats?.[String(t.status) as '200']?.count ?? 0) : r['2xx'];
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + Math.max(0, r.requests.total - ok),
    requests: r.requests.total,
    roundTrips: timing.roundTrips + timing.connectRoundTrips,
    connectMs: timing.connectMs ?? 0,
    pgCpuMs: ticksToMs(pgTicks) / served,
    workerCpuMs: ticksToMs(workerTicks) / served,
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A Markdown table (first column left-aligned, the others right). */
export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
