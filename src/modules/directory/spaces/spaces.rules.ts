// Checks of a space's input and of who may change it, shared by create, PATCH, the link routes and
// the import: each throws the ApiError clients tell apart by `details.reason`.
import { ApiError } from '../../../lib/errors';
import { callerWith, invalid } from '../shared/directory.rules';
import type { SpaceInput, SpaceRow } from './spaces.model';

/** The caller as the queries see it, once loaded. */
export const callerOf = callerWith('spaces:write');
export { checkPromotion, checkTranslations, earlyReadHolds } from '../shared/directory.rules';

/** `system` spaces belong to the platform: nobody gives or changes them through the API. */
export function checkTypeAndStatus(body: SpaceInput): void {
  if (body.type === 'system') throw invalid('type system is reserved for the platform', 'SYSTEM_TYPE_RESERVED', { type: ['Use default or custom'] });
  if (body.status === 'pending') throw invalid('pending is set by the approval workflow only', 'PENDING_RESERVED', { status: ['pending is set by approvals'] });
  if (body.name !== undefined && body.name.trim().length < 2) throw invalid('name needs at least 2 visible characters', 'NAME_BLANK', { name: ['At least 2 characters'] });
}

/** The space may be changed by this caller (PATCH's rule, which `manageable` mirrors). */
export function assertManageable(row: SpaceRow, manageable: boolean): void {
  if (row.type === 'system') throw new ApiError('FORBIDDEN', 'System spaces are read-only', { reason: 'SYSTEM_SPACE_READ_ONLY' });
  if (!manageable) throw new ApiError('FORBIDDEN', 'You may not change this space', { reason: 'SPACE_NOT_MANAGEABLE' });
}

/** A pending space keeps its status while its approval request is open. */
export function checkStatusChange(row: SpaceRow, body: SpaceInput): void {
  if (row.status === 'pending' && row.approvalRequestId && body.status !== undefined) {
    throw new ApiError('CONFLICT', 'The space awaits approval: its status changes when the request is decided', { reason: 'APPROVAL_PENDING', approvalRequestId: row.approvalRequestId });
  }
}

export const spaceNotFound = (id: string) => new ApiError('NOT_FOUND', 'Space not found', { reason: 'space_not_found', spaceId: id });
