// Access area, security part: tenant security policy and CSRF tokens, the tenant audit log, and the
// platform security surfaces for system administrators (settings, IP blacklist, events, metrics,
// security audit log). The enforcing middleware lives beside it (ip-blacklist.middleware.ts and and
// tenant-security.middleware.ts, mounted in src/app.ts).
import { newRouter } from '../../http/router';
import { auditLogRoutes } from './audit-logs';
import { eventRoutes } from './events';
import { ipBlacklistRoutes } from './ip-blacklist';
import { systemConfigRoutes } from './system-config';
import { tenantSecurityRoutes } from './tenant-routes';

export const securityModule = newRouter()
  .route('/', tenantSecurityRoutes)
  .route('/', auditLogRoutes)
  .route('/', systemConfigRoutes)
  .route('/', ipBlacklistRoutes)
  .route('/', eventRoutes);
