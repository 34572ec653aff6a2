// Bindings and variables of the Worker, typed once. Every variable is documented in README.md.
import type { Database, DbStats } from './db/client';
import type { Credentials, Principal } from './middleware/auth';

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

  /** HS256 key for access tokens, at least 32 characters (a secret in production). */
  JWT_SECRET?: string;
  /** Access token lifetime in seconds. Default 900. */
  ACCESS_TOKEN_TTL_SECONDS?: string;
  /** Session (refresh token) lifetime in days. Default 7; with rememberMe `REMEMBER_ME_TTL_DAYS` (30). */
  SESSION_TTL_DAYS?: string;
  REMEMBER_ME_TTL_DAYS?: string;
  /** Brute-force protection: failures per account / per IP within the window before a block. Defaults 5, 900 s, 900 s. */
  LOGIN_MAX_FAILURES?: string;
  LOGIN_WINDOW_SECONDS?: string;
  LOGIN_BLOCK_SECONDS?: string;
  /**
   * Seconds an isolate may use its copy of the IP blacklist, the platform security settings and
   * each tenant's security policy before reloading them. Default 5.
   */
  SECURITY_CACHE_SECONDS?: string;
  /** Base URL of the web app that opens email links (verification, password reset, invitations). */
  APP_URL?: string;

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
  /** Who the bearer token says the caller is (checked signature, no database). */
  credentials?: Credentials;
  /** The caller as loaded from the database, once per request (see middleware/auth.ts). */
  principal?: Principal;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
