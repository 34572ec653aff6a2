// Hono's typing of the app: the Worker's bindings (src/context/env.ts) and the per-request values
// middleware sets. Imports only the leaf src/context/ and the database client's types.
import type { AfterCommitTask, AuditNote, Credentials, Env, Principal, ServiceContext } from './context';
import type { Database, DbStats } from './db/client';

export type { Env } from './context';

/** Per-request values set by middleware (`c.get(...)`). */
export interface Variables {
  requestId: string;
  /**
   * The route's database handle (middleware/database.ts): the read-only HTTP handle for reads, the
   * WebSocket connection (the unit of work of a mutating secure request) for writes.
   */
  db: () => Promise<Database>;
  /** The read-only HTTP handle, for every request's reads that need no transaction (the caller check). */
  readDb: () => Database;
  /** Reads on the platform path (no row-level security): lookups that establish the caller's tenant (API keys). */
  platformReadDb: () => Database;
  dbStats?: DbStats;
  /** Runs `task` after the response is sent, over HTTP (see middleware/database.ts). */
  afterResponse: (task: (db: Database) => Promise<unknown>) => void;
  /** How the route reaches the database, declared by contractRoute (`writes`, `database: 'http'`). */
  dbRoute?: 'writes' | 'http';
  /** The handler wrote the request's audit entry in its own last batch (sign-in); the middleware does not. */
  auditWritten?: boolean;
  tenantId?: string;
  actorId?: string;
  /** Who the bearer token says the caller is (checked signature, no database). */
  credentials?: Credentials;
  /** The caller as loaded from the database, once per request (see middleware/auth.ts). */
  principal?: Principal;
  /** `false` when the route opted out of the request-wide transaction. */
  unitOfWork?: boolean;
  /** The route works across the caller's tenants (contractRoute `acrossTenants`): platform path. */
  acrossTenants?: boolean;
  /** The tenant a `/tenants/{id}` route works on (AuthRequirement `tenantParam`): its row-level security tenant. */
  targetTenantId?: string;
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
