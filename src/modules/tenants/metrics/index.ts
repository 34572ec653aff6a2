// Tenant metrics: history, snapshot and quota warnings; the hourly job is in metrics.jobs.ts.
import { newRouter } from '../../../http/router';
import * as h from './metrics.handlers';
import * as r from './metrics.routes';

export const tenantMetricsRouter = newRouter()
  .openapi(r.daily, h.daily)
  .openapi(r.monthly, h.monthly)
  .openapi(r.snapshot, h.snapshot)
  .openapi(r.quotaWarnings, h.quotaWarnings);
