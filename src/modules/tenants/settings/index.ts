// Tenant settings: categories with defaults by tenant type, history, reset; the quota check other
// areas call (assertWithinLimit) and the usage registry they fill (registerUsageSource).
import { newRouter } from '../../../http/router';
import * as h from './settings.handlers';
import * as r from './settings.routes';

export { assertWithinLimit, tenantLimits, type LimitedKind } from './limits';
export { tenantNotifications, type TenantNotifications } from './notifications';
export { registerUsageSource, usageOf, currentUsage, type UsageCount, type UsageKind, type UsageSource } from './usage';
export { tenantTarget, readTarget } from './target';

// Static paths before `{category}`.
export const tenantSettingsRouter = newRouter()
  .openapi(r.overview, h.overview)
  .openapi(r.all, h.all)
  .openapi(r.history, h.history)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.reset, h.reset);
