// Groups of a tenant and their members. The group import (transfer/) checks permission lists with
// the rules exported here.
import { newRouter } from '../../../http/router';
import * as h from './groups.handlers';
import * as r from './groups.routes';

export { checkGrants, type GrantProblem } from './groups.grants';
export type { GroupRow, NewGroupRow } from './groups.model';

// The fixed paths `/groups/export` and `/groups/import` live in transfer/, mounted before this router.
export const groupsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.update, h.update)
  .openapi(r.remove, h.remove)
  .openapi(r.members, h.members)
  .openapi(r.addMember, h.addMember)
  .openapi(r.removeMember, h.removeMember)
  .openapi(r.userPermissions, h.userPermissions);
