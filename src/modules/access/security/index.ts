// Access area, security part: the tenant's security policy and CSRF tokens, the tenant audit log,
// and the platform security surfaces for system administrators (settings, IP blacklist, events,
// metrics, security audit log). The enforcing middleware (IP blacklist guard, tenant policy
// headers) is exported for src/app.ts to run on every request.
import { newRouter } from '../../../http/router';
import { auditLogsRouter } from './audit-logs';
import { csrfRouter } from './csrf';
import { eventsRouter } from './events';
import { ipBlacklistRouter } from './ip-blacklist';
import { policyRouter } from './policy';
import { systemConfigRouter } from './system-config';

export { ipBlacklistGuard } from './ip-blacklist';
export { tenantSecurityHeaders } from './policy';

export const securityRouter = newRouter()
  .route('/', policyRouter)
  .route('/', csrfRouter)
  .route('/', auditLogsRouter)
  .route('/', systemConfigRouter)
  .route('/', ipBlacklistRouter)
  .route('/', eventsRouter);
