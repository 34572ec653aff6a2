// Move requests of resources: request a move, list requests, cancel, approve, reject, and detach
// (answered as the resources area's detail; its rule, open moves cancelled, lives here).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';
import { MOVE_STATUSES } from './resource-moves.model';

const MODES =
  'A requester managing the target space (tenant-wide `spaces:write` or its manager), with no resource approval required for their role, moves the resource at once ' +
  '(`approved`). Otherwise the request waits: `approval_mode` `resource` when the tenant’s `resource` approval settings require approval for the requester’s role (an approval ' +
  'request of the resource is opened; its approvers decide here or through /approvals, one decision either way), else `target_space` (the target space’s managers decide). ' +
  'A request expires after `max_pending_days` of the resource approval settings.';

export const move = contractRoute(contract.postSecureResourcesByIdMove, {
  description:
    `Requests moving the resource (which must be in a space: 422 RESOURCE_NOT_IN_SPACE) to \`targetSpaceId\`, another space of the tenant (404 for an unknown or another tenant’s ` +
    `space, 422 SAME_SPACE). The caller must be able to change the resource (tenant-wide \`resources:write\`, or its admin or manager; 403). One open request per resource ` +
    `(409 MOVE_PENDING); a resource awaiting its own approval cannot move (409 RESOURCE_PENDING). ${MODES} 201 with the request.`,
  request: { params: idParam('Resource id') },
  auth: { permission: 'resources:read', usersOnly: true },
  errors: [409],
});

export const list = contractRoute(contract.getSecureResourcesResourceRequests, {
  description:
    'Move requests the caller may see, newest first: their own, every one for tenant-wide `resources:write`, resource-mode ones for approvers (`approvals:write`), and those ' +
    'of resources they administer or manage and of target spaces they manage. A pending request past `expires_at` reads `expired`.',
  request: {
    query: z.object({
      status: z.enum(MOVE_STATUSES).optional().openapi({ description: 'Only requests in this status' }),
      resourceId: z.uuid().optional().openapi({ description: 'Only requests of this resource' }),
      limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: 'Page size, 1..100 (50)' }),
      offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Requests to skip' }),
    }),
  },
  auth: { permission: 'resources:read' },
});

const requestId = idParam('Move request id');

export const cancel = contractRoute(contract.deleteSecureResourcesResourceRequestsById, {
  description: 'The requester withdraws their pending request (403 for anyone else; 409 when it is no longer pending). A resource-mode request’s approval request is cancelled with it. 204.',
  request: { params: requestId },
  auth: { permission: 'resources:read', usersOnly: true },
  errors: [409],
});

export const approve = contractRoute(contract.postSecureResourcesResourceRequestsByIdApprove, {
  description:
    'Approves a pending request (409 otherwise): the resource moves to the target space in the same transaction (409 RESOURCE_MOVED if it has left its source space). ' +
    '`target_space` mode: a manager of the target space (or tenant-wide `spaces:write`) decides; `resource` mode: an approver (`approvals:write`) through the approval request ' +
    '(the approvals rules apply: requesters decide their own only as owner or admin). 403 otherwise.',
  request: { params: requestId },
  auth: { permission: 'resources:read', usersOnly: true },
  errors: [409],
});

export const reject = contractRoute(contract.postSecureResourcesResourceRequestsByIdReject, {
  description: 'Rejects a pending request with a `rejectionReason` (1..2000 characters), decided by the same people as approval; the resource stays. 409 when not pending.',
  request: { params: requestId },
  auth: { permission: 'resources:read', usersOnly: true },
  errors: [409],
});

export const detach = contractRoute(contract.postSecureResourcesByIdDetach, {
  description:
    'Takes the resource out of its space (`space_id` null; a resource in no space answers as is). An open move request is cancelled first (a resource-mode one with its ' +
    'approval request). The caller must be able to change the resource (403). A detached resource is placed again with PATCH `spaceId`. 200 with the resource.',
  request: { params: idParam('Resource id') },
  auth: { permission: 'resources:read', usersOnly: true },
});
