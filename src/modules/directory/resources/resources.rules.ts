// Checks of a resource's input and of who may change it, shared by create, PATCH, the link and
// member routes and the import: each throws the ApiError clients tell apart by `details.reason`.
import type { Principal } from '../../../context';
import { assertWritableProperties, propertyLimit } from '../../../lib/access-permissions';
import { ApiError } from '../../../lib/errors';
import { callerWith, invalid } from '../shared/directory.rules';
import type { ResourceInput, ResourceRow } from './resources.model';

export const callerOf = callerWith('resources:write');

/** `pending` belongs to the approval workflow; names need a visible character. */
export function checkInput(body: ResourceInput): void {
  if (body.status === 'pending') throw invalid('pending is set by the approval workflow only', 'PENDING_RESERVED', { status: ['pending is set by approvals'] });
  if (body.name !== undefined && !body.name.trim()) throw invalid('name must not be blank', 'NAME_BLANK', { name: ['At least 1 visible character'] });
}

/**
 * The resource property a body field writes (API keys' `resources.properties` name the answer's
 * fields): the body's camelCase id fields map to the answer's names.
 */
const PROPERTY_OF: Record<string, string> = { spaceId: 'space_id', categoryIds: 'categories', tagIds: 'tags', translationsI18n: 'translations_i18n' };
export const writtenProperties = (body: object) => Object.keys(body).map((k) => PROPERTY_OF[k] ?? k);

/** A property-limited API key or app account writes only its properties (403 `PROPERTY_NOT_ALLOWED`). */
export const assertWritable = (p: Principal, names: Iterable<string>) => assertWritableProperties(propertyLimit(p), names);

/** The resource may be changed by this caller (PATCH's rule, which `manageable` mirrors). */
export function assertManageable(row: ResourceRow, manageable: boolean): void {
  if (row.type === 'system') throw new ApiError('FORBIDDEN', 'System resources are read-only', { reason: 'SYSTEM_RESOURCE_READ_ONLY' });
  if (!manageable) throw new ApiError('FORBIDDEN', 'You may not change this resource', { reason: 'RESOURCE_NOT_MANAGEABLE' });
}

/** A pending resource keeps its status while its approval request is open. */
export function checkStatusChange(row: ResourceRow, body: ResourceInput): void {
  if (row.status === 'pending' && row.approvalRequestId && body.status !== undefined) {
    throw new ApiError('CONFLICT', 'The resource awaits approval: its status changes when the request is decided', { reason: 'APPROVAL_PENDING', approvalRequestId: row.approvalRequestId });
  }
}

export const resourceNotFound = (id: string) => new ApiError('NOT_FOUND', 'Resource not found', { reason: 'resource_not_found', resourceId: id });
