// Memberships: the signed-in user's tenants (list, switch the session's tenant, default tenant
// for sign-in, leave, role in the active tenant).
import { newRouter } from '../../../http/router';
import * as h from './memberships.handlers';
import * as r from './memberships.routes';

export const membershipsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.switchTenant, h.switchTenant)
  .openapi(r.setDefault, h.setDefault)
  .openapi(r.leave, h.leave)
  .openapi(r.role, h.role);
