// Custom domains of tenants, through both APIs of the reference, and the Host → tenant lookup the
// public routes use (verifiedTenantIdOf in a query, tenantIdByHost on its own).
import { newRouter } from '../../../http/router';
import * as admin from './domains.admin.routes';
import * as h from './domains.handlers';
import * as r from './domains.routes';

export { normaliseHost, tenantIdByHost, verifiedTenantIdOf } from './domains.queries';
export { oauthRedirectUris, forTenant } from './domains.service';

// Fixed sub-paths before `{id}`-only routes.
export const domainsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.instructions, h.instructions)
  .openapi(r.verify, h.verify)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(admin.list, h.adminList)
  .openapi(admin.create, h.adminCreate)
  .openapi(admin.instructions, h.adminInstructions)
  .openapi(admin.verify, h.adminVerify)
  .openapi(admin.get, h.adminGet)
  .openapi(admin.patch, h.adminPatch)
  .openapi(admin.remove, h.adminRemove);
