// Moving a resource to another space of the tenant. A request needs the resource in a space, a
// target that is another space of the tenant, and no open request of the resource. Who decides:
//   - nobody, when the requester manages the target space and the resource approval settings do
//     not require approval for their role: the resource moves at once (`approved`);
//   - the approvers of the `resource` approval settings when those require it (`approval_mode`
//     `resource`): an approval request of the resource is opened, and its decision, taken here or
//     through /approvals, reaches the move through onApprovalDecision (one decision either way);
//   - otherwise the target space's managers (`target_space`).
// Approval moves the resource in the decision's transaction. Expiry: the approval request's for
// resource-mode moves, `max_pending_days` of the resource settings for target-space ones (cron job).
import type { BaseContext, JobContext, ServiceContext, UserPrincipal } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { cancelRequest, decideRequest, getSetting, requestApprovalIfNeeded, withdrawRequest, type ApprovalDecision } from '../../access/approvals';
import type { MoveCaller, MoveFilter, MoveRead, MoveRow } from './resource-moves.model';
import { lockManageable } from '../resources/resources.service';
import * as q from './resource-moves.queries';
import { tenantOf } from '../../../db/tenant';

const moveNotFound = (id: string) => new ApiError('NOT_FOUND', 'Move request not found', { reason: 'move_request_not_found', id });

export const listMoves = (ctx: ServiceContext, c: MoveCaller, f: MoveFilter) => q.listMoves(ctx, c, f);

async function read(ctx: ServiceContext, id: string): Promise<MoveRead> {
  const r = await q.findMove(ctx, ctx.tenantId!, id);
  if (!r) throw moveNotFound(id);
  return r;
}

const managesTarget = async (ctx: ServiceContext, p: UserPrincipal, spaceId: string) => p.permissions.has('spaces:write') || (await q.managesSpace(ctx, spaceId, p.userId));

export async function requestMove(ctx: ServiceContext, p: UserPrincipal, resourceId: string, body: { targetSpaceId: string; reason?: string }): Promise<MoveRead> {
  // The resources area's rule of PATCH: visible, not system, tenant-wide write or its admin/manager.
  const r = await lockManageable(ctx, p, resourceId);
  if (!r.spaceId) throw new ApiError('UNPROCESSABLE_ENTITY', 'The resource is in no space: place it with PATCH spaceId', { reason: 'RESOURCE_NOT_IN_SPACE' });
  const targetSpace = await q.lockSpace(ctx, body.targetSpaceId);
  if (!targetSpace) throw new ApiError('NOT_FOUND', 'Target space not found', { reason: 'target_space_not_found', targetSpaceId: body.targetSpaceId });
  if (targetSpace.id === r.spaceId) throw new ApiError('UNPROCESSABLE_ENTITY', 'The resource is already in this space', { reason: 'SAME_SPACE', fields: { targetSpaceId: ['Must be another space'] } });
  // Its creation approval and a move approval would be one request of the resource (its approval entity).
  if (r.status === 'pending') throw new ApiError('CONFLICT', 'The resource awaits approval', { reason: 'RESOURCE_PENDING' });
  const open = await q.openMoveOf(ctx, resourceId);
  if (open) throw new ApiError('CONFLICT', 'The resource already has an open move request', { reason: 'MOVE_PENDING', moveRequestId: open.id });

  const reason = body.reason?.trim() || null;
  const approval = await requestApprovalIfNeeded(ctx, { tenantId: p.tenantId, entityType: 'resource', entityId: resourceId, entityName: r.name, requestedBy: p.userId, role: p.role, reason: reason ?? `Move to ${targetSpace.name}` });
  const needsApproval = approval.state === 'pending';
  const immediate = !needsApproval && (await managesTarget(ctx, p, targetSpace.id));
  const base = { resourceId, sourceSpaceId: r.spaceId, targetSpaceId: targetSpace.id, requestedBy: p.userId, requiresResourceApproval: needsApproval, reason };
  let row: MoveRow | undefined;
  if (approval.state === 'pending') {
    row = await q.insertMove(ctx, { ...base, approvalMode: 'resource', approvalRequestId: approval.requestId, expiresAt: (await q.approvalExpiry(ctx, approval.requestId))! });
  } else {
    const days = (await getSetting(ctx, p.tenantId, 'resource')).config.max_pending_days;
    row = await q.insertMove(ctx, { ...base, approvalMode: 'target_space', expiresAt: new Date(Date.now() + days * 86_400_000) });
  }
  if (!row) throw new ApiError('CONFLICT', 'The resource already has an open move request', { reason: 'MOVE_PENDING' });
  if (immediate) {
    await q.placeResource(ctx, p.tenantId, resourceId, r.spaceId, targetSpace.id);
    await q.closeMove(ctx, p.tenantId, row.id, 'approved', { approvedBy: p.userId });
  }
  ctx.audit({ action: 'resource.move_request', resourceType: 'resource', resourceId, details: { moveRequestId: row.id, targetSpaceId: targetSpace.id, mode: row.approvalMode, immediate } });
  return read(ctx, row.id);
}

/** A pending request for a decision (409 for any other state). */
async function lockPending(ctx: ServiceContext, id: string): Promise<MoveRow> {
  const found = await q.lockMove(ctx, id);
  if (!found) throw moveNotFound(id);
  if (found.status !== 'pending') throw new ApiError('CONFLICT', `The request is ${found.status}; only pending requests are decided`, { reason: 'MOVE_NOT_PENDING', status: found.status });
  return found.row;
}

export async function decideMove(ctx: ServiceContext, p: UserPrincipal, id: string, approve: boolean, rejectionReason?: string): Promise<MoveRead> {
  const row = await lockPending(ctx, id);
  if (row.approvalMode === 'resource') {
    // The approval request decides; its hook (below) moves the resource or closes the request.
    if (!p.permissions.has('approvals:write')) throw new ApiError('FORBIDDEN', 'This move awaits the resource approvers', { reason: 'NOT_APPROVER' });
    await decideRequest(ctx, p, row.approvalRequestId!, approve ? 'approved' : 'rejected', { rejectionReason });
  } else {
    if (!(await managesTarget(ctx, p, row.targetSpaceId))) throw new ApiError('FORBIDDEN', 'Only managers of the target space decide this move', { reason: 'NOT_TARGET_MANAGER' });
    if (approve) await complete(ctx, p.tenantId, row, p.userId);
    else await q.closeMove(ctx, p.tenantId, row.id, 'rejected', { rejectionReason });
  }
  ctx.audit({ action: approve ? 'resource.move_approve' : 'resource.move_reject', resourceType: 'resource', resourceId: row.resourceId, details: { moveRequestId: id, rejectionReason } });
  return read(ctx, id);
}

/** Moves the resource and closes the request as approved, in the caller's transaction. */
async function complete(ctx: BaseContext, tenantId: string, row: MoveRow, by: string | null): Promise<void> {
  if (!(await q.placeResource(ctx, tenantId, row.resourceId, row.sourceSpaceId, row.targetSpaceId))) {
    throw new ApiError('CONFLICT', 'The resource has left its space since the request was made', { reason: 'RESOURCE_MOVED' });
  }
  await q.closeMove(ctx, tenantId, row.id, 'approved', { approvedBy: by });
}

export async function cancelMove(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<void> {
  const found = await q.lockMove(ctx, id);
  if (!found) throw moveNotFound(id);
  if (found.row.requestedBy !== p.userId) throw new ApiError('FORBIDDEN', 'Only the requester cancels a move request', { reason: 'NOT_REQUESTER' });
  if (found.status !== 'pending') throw new ApiError('CONFLICT', `The request is ${found.status}; only pending requests are cancelled`, { reason: 'MOVE_NOT_PENDING', status: found.status });
  if (found.row.approvalMode === 'resource') await cancelRequest(ctx, p, found.row.approvalRequestId!, null);
  else await q.closeMove(ctx, p.tenantId, id, 'cancelled');
  ctx.audit({ action: 'resource.move_cancel', resourceType: 'resource', resourceId: found.row.resourceId, details: { moveRequestId: id } });
}

/** Takes the resource out of its space; an open move is cancelled first (its approval request withdrawn). */
export async function detach(ctx: ServiceContext, p: UserPrincipal, resourceId: string): Promise<void> {
  const r = await lockManageable(ctx, p, resourceId);
  const open = await q.openMoveOf(ctx, resourceId);
  if (open?.approvalRequestId) await withdrawRequest(ctx, p.tenantId, open.approvalRequestId, p.userId, 'Resource detached from its space');
  if (open) await q.closeMove(ctx, p.tenantId, open.id, 'cancelled');
  if (r.spaceId) await q.detachResource(ctx, resourceId);
  ctx.audit({ action: 'resource.detach', resourceType: 'resource', resourceId, details: { spaceId: r.spaceId, cancelledMoveRequestId: open?.id ?? null } });
}

/** A deleted resource's open move goes with it (foreign key); the approval request it waits for is withdrawn. */
export async function withdrawOpenMove(ctx: ServiceContext, resourceId: string, by: string | null): Promise<void> {
  const open = await q.openMoveOf(ctx, resourceId);
  if (open?.approvalRequestId) await withdrawRequest(ctx, tenantOf(ctx), open.approvalRequestId, by, 'Resource deleted');
}

/** The approvals hook: a decision on a resource approval request that a move waits for. */
export async function onResourceDecision(ctx: BaseContext, d: ApprovalDecision): Promise<void> {
  const row = await q.lockByApproval(ctx, d.tenantId, d.requestId);
  if (!row) return;
  if (d.status === 'approved') await complete(ctx, d.tenantId, row, d.decidedBy);
  else await q.closeMove(ctx, d.tenantId, row.id, d.status, { rejectionReason: d.rejectionReason });
}

/** Cron: overdue target-space requests become expired. Idempotent; batches of `limit`. */
export function expireMoves(ctx: JobContext, limit = 200): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const due = await q.lockOverdue(tx, limit);
    for (const row of due) await q.closeMove(tx, row.tenantId, row.id, 'expired');
    return due.length;
  });
}
