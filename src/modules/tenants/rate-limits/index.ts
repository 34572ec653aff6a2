// Tenant rate limits: the configuration routes and the middleware that enforces them (app.ts).
import { newRouter } from '../../../http/router';
import * as h from './rate-limits.handlers';
import * as r from './rate-limits.routes';

export { tenantRateLimits } from './rate-limits.middleware';

export const tenantRateLimitsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove);
