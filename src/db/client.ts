// The request's two ways to the database, both opened on first use (routes that never touch the
// database pay nothing):
// - `requestDb`: one WebSocket connection (Postgres wire protocol), for the unit of work of a
//   mutating request (an interactive transaction); closed after the response.
// - `httpDb` (below): Neon's HTTP SQL path, for reads and the caller check: no connection set-up,
//   statements of the same turn batched into one HTTP request.
import { Client, neon, neonConfig, NeonDbError, type HTTPQueryOptions, type NeonQueryFunction } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { ApiError } from '../lib/errors';
import { withTimeout } from '../lib/time';
import type { Env } from '../context/env';
import { tenantSettingQuery } from './rls';
import * as schema from './schema';

export type Database = NeonDatabase<typeof schema>;

export interface DbStats {
  /** Statements sent. */
  queries: number;
  /** Round trips to the database after connecting: HTTP requests, or WebSocket queries (one each). */
  roundTrips: number;
  ms: number;
  connectMs: number;
  /** Round trips of the WebSocket connection's set-up (upgrade, start-up and authentication); 0 without one. */
  connectRoundTrips: number;
}

export const newDbStats = (): DbStats => ({ queries: 0, roundTrips: 0, ms: 0, connectMs: 0, connectRoundTrips: 0 });

export interface DbConfig {
  url: string;
  /** Local WebSocket bridge (host:port); unset in production, where Neon's proxy is used. */
  wsProxy?: string;
  /** Local Neon HTTP SQL endpoint (URL); unset in production, where Neon's own is used. */
  httpEndpoint?: string;
  connectTimeoutMs: number;
  /** A query without an answer after this long fails (the request answers 503). Default 10000. */
  queryTimeoutMs?: number;
}

export interface RequestDb {
  get(): Promise<Database>;
  close(): Promise<void>;
  readonly stats: DbStats;
  readonly opened: boolean;
}

function newClient(cfg: DbConfig): Client {
  const client = new Client({ connectionString: cfg.url, query_timeout: cfg.queryTimeoutMs ?? 10_000 });
  if (cfg.wsProxy) {
    const proxy = cfg.wsProxy;
    client.neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
    client.neonConfig.useSecureWebSocket = false;
    client.neonConfig.pipelineTLS = false;
  }
  // Start-up and password in one flight (the driver's default, as on Neon): the local server
  // authenticates with a cleartext password on loopback, as Neon's pipelined password mode does.
  client.neonConfig.pipelineConnect = 'password';
  return client;
}

/** Counts round trips and time spent in the database (for Server-Timing and the request log). */
function instrument(client: Client, stats: DbStats) {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
    const started = performance.now();
    stats.queries++;
    stats.roundTrips++;
    return query(...args).finally(() => {
      stats.ms += performance.now() - started;
    });
  };
}

/**
 * Round trips of a connection set-up as the bench measures it through the local bridge at a
 * simulated distance (~2.9 RTTs, scripts/bench.ts "Check"), pipelined start-up and password
 * notwithstanding (the design's 2 — upgrade, then start-up + password → ready — is not reached
 * locally; not yet explained).
 */
const CONNECT_ROUND_TRIPS = 3;

export function requestDb(cfg: DbConfig, stats: DbStats = newDbStats()): RequestDb {
  let pending: Promise<{ client: Client; db: Database }> | undefined;
  const open = async () => {
    const client = newClient(cfg);
    client.on('error', () => {}); // a dropped socket surfaces on the next query instead
    const started = performance.now();
    try {
      await withTimeout(client.connect(), cfg.connectTimeoutMs, () =>
        new ApiError('SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly'),
      );
    } catch (err) {
      client.end().catch(() => {});
      if (err instanceof ApiError) throw err;
      throw new ApiError('SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly');
    }
    stats.connectMs = performance.now() - started;
    stats.connectRoundTrips = CONNECT_ROUND_TRIPS;
    instrument(client, stats);
    return { client, db: drizzle({ client, schema }) };
  };
  return {
    stats,
    get opened() {
      return pending !== undefined;
    },
    async get() {
      pending ??= open();
      pending.catch(() => (pending = undefined));
      return (await pending).db;
    },
    async close() {
      if (!pending) return;
      const p = pending;
      pending = undefined;
      try {
        (await p).client.end().catch(() => {});
      } catch {
        /* connect failed: nothing to close */
      }
    },
  };
}

/**
 * The platform path's settings (PLATFORM_DATABASE_URL: the owner or a BYPASSRLS role; db/rls.ts says
 * what runs on it); DATABASE_URL when unset (a single-role setup).
 */
export function platformDbConfig(env: Env): DbConfig {
  return { ...dbConfig(env), url: env.PLATFORM_DATABASE_URL || env.DATABASE_URL };
}

/** The tenant-scoped path's settings (DATABASE_URL: the application role, subject to row-level security). */
export function dbConfig(env: Env): DbConfig {
  return {
    url: env.DATABASE_URL,
    wsProxy: env.DB_WS_PROXY,
    httpEndpoint: env.DB_HTTP_ENDPOINT,
    connectTimeoutMs: Number(env.DB_CONNECT_TIMEOUT_MS ?? 5000),
    queryTimeoutMs: Number(env.DB_QUERY_TIMEOUT_MS ?? 10_000),
  };
}

// ---- The HTTP path: reads (and the few writes that need no interactive transaction) ----
//
// `httpDb` speaks Neon's HTTP SQL protocol (`neon()`; locally scripts/lib/neon-http.ts through
// `DB_HTTP_ENDPOINT`): no connection set-up in the Worker, and the runtime reuses its HTTP
// connection. Statements issued in the same turn of the event loop go out together as one
// batch, one HTTP request: a caller check and a route's first read issued before either is
// awaited cost one round trip. A read handle sends every batch `READ ONLY`, so a read-only
// route that writes by accident fails (25006) instead of writing.

interface Queued {
  query: string;
  params: unknown[];
  opts: HTTPQueryOptions<boolean, boolean>;
}

/** A statement as drizzle's neon-http session builds it: lazy, sent when awaited (or in a `batch`). */
class LazyStatement implements PromiseLike<unknown> {
  private sent?: Promise<unknown>;
  constructor(
    readonly q: Queued,
    private readonly enqueue: (q: Queued) => Promise<unknown>,
  ) {}
  then<A = unknown, B = never>(ok?: ((v: unknown) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.sent ??= this.enqueue(this.q);
    return this.sent.then(ok, fail);
  }
}

export interface HttpDbOptions {
  readOnly: boolean;
  /**
   * Row-level security (db/rls.ts): the tenant each batch runs as, read when the batch is sent. Set,
   * every batch is one transaction whose first statement sets `app.tenant_id` (same round trip).
   */
  tenant?: () => string | undefined;
}

/** The HTTP handle: a drizzle `neon-http` database whose statements are batched per turn. */
export function httpDb(cfg: DbConfig, stats: DbStats, o: HttpDbOptions): Database {
  const sql = neon(cfg.url);
  const timeoutMs = cfg.queryTimeoutMs ?? 10_000;
  /** One HTTP request: the statements in one transaction (READ ONLY for a read handle), or a lone write alone. */
  const send = async (batch: Queued[]): Promise<unknown[]> => {
    stats.roundTrips++;
    stats.queries += batch.length;
    const started = performance.now();
    const fetchOptions = { signal: AbortSignal.timeout(timeoutMs) };
    // neon() reads fetchEndpoint from the global neonConfig only. One value per deployment; set per
    // request so a test that points one request elsewhere (tests run one request at a time) gets it.
    if (cfg.httpEndpoint) neonConfig.fetchEndpoint = cfg.httpEndpoint;
    try {
      if (batch.length === 1 && !o.readOnly && !o.tenant) return [await sql.query(batch[0]!.query, batch[0]!.params, { ...batch[0]!.opts, fetchOptions })];
      const setting = o.tenant ? [tenantSettingQuery(o.tenant())] : [];
      const results = await sql.transaction(
        [...setting, ...batch].map((q) => sql.query(q.query, q.params, (q as Queued).opts as HTTPQueryOptions<false, false>)),
        { readOnly: o.readOnly, fetchOptions },
      );
      return results.slice(setting.length);
    } catch (err) {
      throw httpFailure(err);
    } finally {
      stats.ms += performance.now() - started;
    }
  };
  let queue: { q: Queued; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    try {
      const results = await send(batch.map((b) => b.q));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1 || err instanceof ApiError) return batch.forEach((b) => b.reject(err));
      // One failing statement must not fail its neighbours (they were independent): each again on its own.
      for (const b of batch) send([b.q]).then(([r]) => b.resolve(r), b.reject);
    }
  };
  const enqueue = (q: Queued) =>
    new Promise<unknown>((resolve, reject) => {
      if (!queue.length) setTimeout(() => void flush(), 0);
      queue.push({ q, resolve, reject });
    });
  const client = {
    query: (query: string, params: unknown[], opts: HTTPQueryOptions<boolean, boolean>) => new LazyStatement({ query, params, opts }, enqueue),
    // drizzle's `db.batch([...])`: one atomic batch, sent at once.
    transaction: async (statements: LazyStatement[]) => send(statements.map((s) => s.q)),
  };
  return drizzleHttp({ client: client as unknown as NeonQueryFunction<false, false>, schema }) as unknown as Database;
}

/** A write refused by a read handle is a bug of the route (it must declare `writes: true`); the endpoint unreachable or slow is a 503. */
function httpFailure(err: unknown): unknown {
  if (err instanceof NeonDbError) {
    if (err.code === '25006') return new Error('A read-only request tried to write: declare `writes: true` on its route (contractRoute)', { cause: err });
    if (err.sourceError || !err.code) return new ApiError('SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly');
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return new ApiError('SERVICE_UNAVAILABLE', 'The database did not answer in time; retry shortly');
  return err;
}
