// Resource members (admin / manager / reader): the router, chained into the resources router.
import { newRouter } from '../../../http/router';
import * as h from './resource-members.handlers';
import * as r from './resource-members.routes';

export const resourceMembersRouter = newRouter().openapi(r.list, h.list).openapi(r.add, h.add).openapi(r.remove, h.remove);
