// Resource moves: the router (mounted by src/app.ts before the resources router, whose `{id}` would
// take `resource-requests`) and the approvals hook (a decided resource approval request a move
// waits for moves the resource or closes the request).
import { newRouter } from '../../../http/router';
import { onApprovalDecision } from '../../access/approvals';
import * as h from './resource-moves.handlers';
import * as r from './resource-moves.routes';
import { onResourceDelete } from '../resources';
import { onResourceDecision, withdrawOpenMove } from './resource-moves.service';

onApprovalDecision('resource', onResourceDecision);
onResourceDelete(withdrawOpenMove);

export const resourceMovesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.cancel, h.cancel)
  .openapi(r.approve, h.approve)
  .openapi(r.reject, h.reject)
  .openapi(r.move, h.move)
  .openapi(r.detach, h.detach);
