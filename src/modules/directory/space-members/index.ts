// Space members (manager / reader): the router, chained into the spaces router.
import { newRouter } from '../../../http/router';
import * as h from './space-members.handlers';
import * as r from './space-members.routes';

export const spaceMembersRouter = newRouter().openapi(r.list, h.list).openapi(r.add, h.add).openapi(r.remove, h.remove);
