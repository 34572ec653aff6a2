// Tenant lifecycle (see lifecycle.model.ts for the two axes and their rules).
import { newRouter } from '../../../http/router';
import * as h from './lifecycle.handlers';
import * as r from './lifecycle.routes';

export { checkPatchStatus, recordChange } from './lifecycle.service';

export const lifecycleRouter = newRouter()
  .openapi(r.history, h.history)
  .openapi(r.activate, h.activate)
  .openapi(r.suspend, h.suspend)
  .openapi(r.reactivate, h.reactivate)
  .openapi(r.archive, h.archive)
  .openapi(r.upgrade, h.upgrade);
