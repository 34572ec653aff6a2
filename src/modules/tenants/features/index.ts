// Tenant features: catalog, per-tenant state and changes. The route guard is in middleware/auth.ts
// (lib/features.ts names what each feature guards).
import { newRouter } from '../../../http/router';
import * as h from './features.handlers';
import * as r from './features.routes';

// Static paths before `{key}`.
export const tenantFeaturesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.bulk, h.bulk)
  .openapi(r.catalog, h.catalog)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch);
