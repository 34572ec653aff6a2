// Approvals: settings per entity type, requests and decisions. Other areas use the hook:
// requestApprovalIfNeeded (when creating a space, resource or calendar entry) and
// onApprovalDecision (to activate or withdraw the entity). See approvals.service.ts.
import { newRouter } from '../../../http/router';
import * as h from './approvals.handlers';
import * as r from './approvals.routes';

export { cancelRequest, decideRequest, getSetting, onApprovalDecision, requestApprovalIfNeeded, withdrawRequest, type ApprovalDecision, type ApprovalOutcome } from './approvals.service';

// Static paths before `{id}` (the router tries routes in order).
export const approvalsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.mine, h.mine)
  .openapi(r.settings, h.settings)
  .openapi(r.patchSettings, h.patchSettings)
  .openapi(r.get, h.get)
  .openapi(r.approve, h.approve)
  .openapi(r.reject, h.reject)
  .openapi(r.cancel, h.cancel);
