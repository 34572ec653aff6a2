// Builds the request's service context (context/service.ts) once, from what the pipeline set:
// the lazy database handle (the unit-of-work transaction for mutating secure requests), the
// caller, the audit note and the after-commit queue. Handlers call `serviceContext(c)` and pass
// the result to services; nothing below a handler sees Hono's Context.
import type { Context } from 'hono';
import type { ServiceContext } from '../context';
import { appConfig } from '../config';
import type { AppEnv } from '../env';
import { clientIp } from '../lib/request';
import { setAudit, writeAudit } from './audit';
import { principal } from './auth';

export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const cached = c.get('serviceContext');
  if (cached) return cached;
  const ctx: ServiceContext = {
    env: c.env,
    config: appConfig(c.env),
    requestId: c.get('requestId'),
    // A read route's handler runs while the caller check is still on its way (middleware/auth.ts):
    // its statements wait for the check, so they see the caller's tenant. Only reads that name
    // their tenant up front (asTenant, inside withCaller) go to the database with the check.
    db: () => (c.get('principal') || !c.get('credentials') ? c.var.db() : principal(c).then(() => c.var.db())),
    afterCommit: (task) => c.set('afterCommit', [...(c.get('afterCommit') ?? []), task]),
    get tenantId() {
      return c.get('tenantId');
    },
    get actor() {
      return c.get('principal');
    },
    principal: () => principal(c),
    ip: clientIp(c),
    audit: (note) => setAudit(c, note),
    writeAuditNow: (handle) => {
      c.set('auditWritten', true);
      return writeAudit(handle, c, 200);
    },
  };
  EARLY_DB.set(ctx, () => c.var.db());
  c.set('serviceContext', ctx);
  return ctx;
}

/**
 * The same context, bound to `tenantId` before the caller is loaded: reads sent together with the
 * caller check use the tenant the token names (middleware/auth.ts withCaller re-runs them when the
 * session has moved to another tenant).
 */
export function asTenant(ctx: ServiceContext, tenantId: string): ServiceContext {
  const early = EARLY_DB.get(ctx) ?? ctx.db;
  return Object.create(ctx, { tenantId: { value: tenantId }, db: { value: early } }) as ServiceContext;
}

/** The request's database handle without waiting for the caller check (for asTenant only). */
const EARLY_DB = new WeakMap<ServiceContext, () => ReturnType<ServiceContext['db']>>();
