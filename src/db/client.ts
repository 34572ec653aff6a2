// One database connection per request, opened on first use and closed after the response.
// Routes that never touch the database never pay for a connection.
import { Client } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { ApiError } from '../lib/errors';
import { withTimeout } from '../lib/time';
import type { Env } from '../context/env';
import * as schema from './schema';

export type Database = NeonDatabase<typeof schema>;

export interface DbStats {
  queries: number;
  ms: number;
  connectMs: number;
}

export interface DbConfig {
  url: string;
  /** Local WebSocket bridge (host:port); unset in production, where Neon's proxy is used. */
  wsProxy?: string;
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
    client.neonConfig.pipelineConnect = false;
  }
  return client;
}

/** Counts round trips and time spent in the database (for Server-Timing and the request log). */
function instrument(client: Client, stats: DbStats) {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
    const started = performance.now();
    stats.queries++;
    return query(...args).finally(() => {
      stats.ms += performance.now() - started;
    });
  };
}

export function requestDb(cfg: DbConfig): RequestDb {
  const stats: DbStats = { queries: 0, ms: 0, connectMs: 0 };
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

/** The database settings of the Worker's variables (requests and background work alike). */
export function dbConfig(env: Env): DbConfig {
  return {
    url: env.DATABASE_URL,
    wsProxy: env.DB_WS_PROXY,
    connectTimeoutMs: Number(env.DB_CONNECT_TIMEOUT_MS ?? 5000),
    queryTimeoutMs: Number(env.DB_QUERY_TIMEOUT_MS ?? 10_000),
  };
}
