// The tenant's post-sign-in tasks, admin side (permission flow_tasks:write).
import { newRouter } from '../../../http/router';
import * as h from './flow-tasks.handlers';
import * as r from './flow-tasks.routes';

// Static paths (reorder) before `{id}`.
export const flowTaskAdmin = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.reorder, h.reorder)
  .openapi(r.update, h.update)
  .openapi(r.remove, h.remove)
  .openapi(r.reset, h.reset);
