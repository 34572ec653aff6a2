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

  /** Who delivers e-mail: `local` (default; kept in the outbox table, nothing leaves) | `sendgrid`. */
  EMAIL_PROVIDER?: string;
  /** Who delivers SMS and WhatsApp: `local` (default) | `twilio`. */
  SMS_PROVIDER?: string;
  /** SendGrid API key (secret; `wrangler secret put`). Sent as `Authorization: Bearer`. */
  SENDGRID_API_KEY?: string;
  /** Sender of every e-mail: `no-reply@example.com` or `Example <no-reply@example.com>`. */
  SENDGRID_FROM?: string;
  /** SendGrid API origin. Default https://api.sendgrid.com (EU accounts: https://api.eu.sendgrid.com). */
  SENDGRID_BASE_URL?: string;
  /** Twilio Account SID (`AC...`), the Basic-auth user and part of the Messages URL. */
  TWILIO_ACCOUNT_SID?: string;
  /** Twilio auth token (secret; `wrangler secret put`), the Basic-auth password. */
  TWILIO_AUTH_TOKEN?: string;
  /** Twilio sender number for SMS, E.164 (`+15005550006`). */
  TWILIO_FROM_SMS?: string;
  /** Twilio WhatsApp sender, E.164 with or without the `whatsapp:` prefix. */
  TWILIO_FROM_WHATSAPP?: string;
  /** Twilio API origin. Default https://api.twilio.com. */
  TWILIO_BASE_URL?: string;

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
