// IAM: what the caller may do, and the permission catalog (src/lib/permissions.ts) as served data.
import { newRouter } from '../../../http/router';
import * as h from './iam.handlers';
import * as r from './iam.routes';

export const iamRouter = newRouter()
  .openapi(r.overview, h.overview)
  .openapi(r.can, h.can)
  .openapi(r.mePermissions, h.mePermissions)
  .openapi(r.mySpaces, h.mySpaces)
  .openapi(r.manageableSpaces, h.manageableSpaces)
  .openapi(r.manageableResources, h.manageableResources);
