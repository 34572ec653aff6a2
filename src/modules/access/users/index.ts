// Users of a tenant. The other access resources (groups, transfer) read members through the
// functions exported here; see users.service.ts.
import { newRouter } from '../../../http/router';
import * as h from './users.handlers';
import * as r from './users.routes';

export { listMembers, memberPermissions, outranks, requireMember } from './users.service';
export type { Member, NewUserRow, Role, UserRow } from './users.model';

// The fixed paths `/users/export` and `/users/import` live in transfer/, mounted before this router.
export const usersRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.context, h.context)
  .openapi(r.resetPassword, h.resetPassword);
