// The reference's MoveRequest shape (snake_case, every field present).
import type { MoveRead } from './resource-moves.model';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMove(m: MoveRead) {
  const r = m.row;
  return {
    id: r.id,
    tenantId: r.tenantId,
    resource_id: r.resourceId,
    source_space_id: r.sourceSpaceId,
    target_space_id: r.targetSpaceId,
    requested_by: r.requestedBy,
    status: m.status,
    requires_resource_approval: r.requiresResourceApproval,
    approval_mode: r.approvalMode,
    approved_by: r.approvedBy,
    reason: r.reason,
    rejection_reason: r.rejectionReason,
    resource_name: m.resourceName,
    source_space_name: m.sourceSpaceName,
    target_space_name: m.targetSpaceName,
    requested_by_email: m.requestedByEmail,
    created_at: r.createdAt.toISOString(),
    processed_at: iso(r.processedAt),
    completed_at: iso(r.completedAt),
    expires_at: r.expiresAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}
