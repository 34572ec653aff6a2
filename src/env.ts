// Hono's typing of the app: the Worker's bindings (src/context/env.ts) and the per-request values
// middleware sets. Imports only the leaf src/context/ and the database client's types.
import type { AfterCommitTask, AuditNote, Credentials, Env, Principal, ServiceContext } from './context';
import type { Database, DbStats } from './db/client';

export type { Env } from './context';

/** Per-request values set by middleware (`c.get(...)`). */
export interface Variables {
  requestId: string;
  /** Lazily opens this request's single database connection. */
  db: () => Promise<Database>;
  dbStats?: DbStats;
  /** Runs `task` on this request's connection after the response is sent (see middleware/database.ts). */
  afterResponse: (task: (db: Database) => Promise<unknown>) => void;
  tenantId?: string;
  actorId?: string;
  /** Who the bearer token says the caller is (checked signature, no database). */
  credentials?: Credentials;
  /** The caller as loaded from the database, once per request (see middleware/auth.ts). */
  principal?: Principal;
  /** `false` when the route opted out of the request-wide transaction. */
  unitOfWork?: boolean;
  /** Work to start after the request's transaction commits (see middleware/database.ts). */
  afterCommit?: AfterCommitTask[];
  /** The service context of this request, built once (middleware/service-context.ts). */
  serviceContext?: ServiceContext;
  /** What the audit entry of this request says (see middleware/audit.ts). */
  audit?: AuditNote;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
