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
import { isEarlyRead, principal } from './auth';

export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const cached = c.get('serviceContext');
  if (cached) return cached;
  const ctx: ServiceContext = {
    env: c.env,
    config: appConfig(c.env),
    requestId: c.get('requestId'),
    // A read route's handler runs while the caller check is on its way (middleware/auth.ts
    // authorize): its statements go to the database with the check, in one round trip, as the
    // tenant the credentials name; the answer waits for the check, and runs again as the session's
    // tenant when that turns out different (http/router.ts). A mutating route's statements wait
    // for the check.
    db: () => (c.get('principal') || !c.get('credentials') || isEarlyRead(c) ? c.var.db() : principal(c).then(() => c.var.db())),
    afterCommit: (task) => c.set('afterCommit', [...(c.get('afterCommit') ?? []), task]),
    get tenantId() {
      return c.get('tenantId') ?? (isEarlyRead(c) ? c.get('credentials')?.tenantId : undefined);
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
  c.set('serviceContext', ctx);
  return ctx;
}

