// Bindings and variables of the Worker, typed once. Every variable is documented in README.md.
import type { Database, DbStats } from './db/client';

export interface Env {
  /** Postgres connection string (Neon in production, the embedded server locally). */
  DATABASE_URL: string;
  /** Local only: host:port of the WebSocket-to-TCP bridge the Neon driver goes through. */
  DB_WS_PROXY?: string;
  /** Milliseconds to wait for a database connection before answering 503. Default 5000. */
  DB_CONNECT_TIMEOUT_MS?: string;
  /** development | test | staging | production */
  APP_ENV?: string;
  APP_VERSION?: string;
  GIT_COMMIT?: string;
  BUILD_DATE?: string;
  /** Comma-separated allowed CORS origins, or `*`. Default `*`. */
  CORS_ORIGINS?: string;
  /** Largest accepted request body in bytes. Default 1048576 (1 MiB). */
  MAX_BODY_BYTES?: string;
  /** `false` silences the per-request log line (benchmarks). Default on. */
  REQUEST_LOG?: string;

  FILES: R2Bucket;
  CHAT_ROOMS: DurableObjectNamespace;
  REMINDERS: Queue<unknown>;
}

/** Per-request values set by middleware (`c.get(...)`). */
export interface Variables {
  requestId: string;
  /** Lazily opens this request's single database connection. */
  db: () => Promise<Database>;
  dbStats?: DbStats;
  tenantId?: string;
  actorId?: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
