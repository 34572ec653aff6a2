// The service context: everything a service needs to do its work, built once per request by
// middleware/service-context.ts and equally by cron jobs, queue consumers and Durable Objects
// (jobs/context.ts). Services take (ctx, input) and never see Hono's Context, so the same rule
// runs from a request, a job or a Durable Object. Types only.
import type { Database } from '../db/client';
import type { AuditNote } from './audit';
import type { Env } from './env';
import type { Principal } from './principal';

/** Configuration every caller reads the same way (requests and background work alike). */
export interface AppConfig {
  /** development | test | staging | production */
  appEnv: string;
  /** Base URL of the web app that opens links sent by mail (no trailing slash). */
  appUrl: string;
}

/** Work that runs once the unit of work has committed, with a context of its own (after the response). */
export type AfterCommitTask = (ctx: JobContext) => Promise<unknown>;

/** What every kind of caller has: configuration, the database, a request or job id. */
export interface BaseContext {
  readonly env: Env;
  readonly config: AppConfig;
  /** The request id (requests) or `<job>:<uuid>` (jobs): correlates log lines. */
  readonly requestId: string;
  /**
   * The database handle: for a mutating secure request the unit-of-work transaction (the audit
   * entry commits with it); otherwise this caller's connection. Opened on first use.
   */
  db(): Promise<Database>;
  /** Runs `task` once this unit of work has committed (never after a rollback). */
  afterCommit(task: AfterCommitTask): void;
}

/** A request's context: the caller and their tenant, and the request's audit entry. */
export interface ServiceContext extends BaseContext {
  /** The caller's tenant, once known (from the principal). */
  readonly tenantId: string | undefined;
  /** The caller, once authenticated and loaded; undefined on public routes. */
  readonly actor: Principal | undefined;
  /** Loads (once) and returns the authenticated caller; throws 401 when there is none. */
  principal(): Promise<Principal>;
  /** Client IP as the edge reports it (CF-Connecting-IP), for throttles and security events. */
  readonly ip: string | null;
  /** Names what this unit of work's audit entry says (merged over the route's defaults). */
  audit(note: AuditNote): void;
  /**
   * Writes the audit entry now, on `handle`, instead of after the handler: a route that writes over
   * HTTP (sign-in) sends it in the same atomic batch as its change. Call it without awaiting other
   * statements in between.
   */
  writeAuditNow(handle: Database): Promise<void>;
}

/** A job's context (cron, queue consumer, after-commit task, Durable Object): no caller, no request. */
export type JobContext = BaseContext;
