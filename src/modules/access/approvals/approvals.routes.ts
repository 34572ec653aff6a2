// Approval requests (list, read, approve, reject, cancel, mine) and the tenant's approval settings:
// the contract routes, who may call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { APPROVAL_ENTITY_TYPES, APPROVAL_STATUSES } from './approvals.model';

const params = idParam('Approval request id');
export const listQuery = z.object({
  status: z.enum(APPROVAL_STATUSES).optional().openapi({ description: 'Only requests in this status' }),
  entity_type: z.enum(APPROVAL_ENTITY_TYPES).optional().openapi({ description: 'Only requests for this entity type' }),
  ...limitOffsetQuery(20, 100),
});

const VISIBILITY_DOC = 'Callers with `approvals:write` (approvers) see every request of the tenant; other callers see only the requests they created (others answer 404).';
const STATE_DOC =
  'States: pending → approved | rejected | cancelled | expired. A pending request whose `expires_at` (creation + the entity type\'s ' +
  '`max_pending_days`) has passed reads as `expired` at once (a cron job also marks it and informs the entity\'s area).';
const DECIDE_DOC =
  'Only pending requests can be decided (409 otherwise, including overdue ones). Callers need `approvals:write`; deciding one\'s own request ' +
  'is refused (403) unless the caller is the tenant\'s owner or admin (or a platform admin). The entity\'s area is told in the same transaction ' +
  '(e.g. the space becomes active), and the creator is emailed when `notify_creator_on_decision`.';

export const list = contractRoute(contract.getSecureApprovals, {
  description: `Approval requests of the tenant, newest first, with \`creator\` and \`decider\`. Query: \`status\`, \`entity_type\`, \`limit\` 1..100 (default 20), \`offset\`; \`total\` counts every match. ${VISIBILITY_DOC} ${STATE_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'approvals:read' },
});
export const get = contractRoute(contract.getSecureApprovalsById, {
  description: `One approval request with \`creator\` and \`decider\`. ${VISIBILITY_DOC} ${STATE_DOC}`,
  request: { params },
  auth: { permission: 'approvals:read' },
});
export const approve = contractRoute(contract.postSecureApprovalsByIdApprove, {
  description: `Approves a pending request; \`comment\` (≤ 500) is kept with the decision and in the audit log. ${DECIDE_DOC}`,
  request: { params },
  bodyOptional: true,
  auth: { permission: 'approvals:write', usersOnly: true },
  errors: [409],
});
export const reject = contractRoute(contract.postSecureApprovalsByIdReject, {
  description: `Rejects a pending request with a \`rejection_reason\` (1..500). ${DECIDE_DOC}`,
  request: { params },
  auth: { permission: 'approvals:write', usersOnly: true },
  errors: [409],
});
export const cancel = contractRoute(contract.deleteSecureApprovalsById, {
  description:
    'Cancels a pending request. **Only its creator** may cancel (403 for others who can see it: approvers reject instead); ' +
    '`reason` (≤ 500, optional body) is kept. 409 when the request is no longer pending. 204.',
  request: { params },
  bodyOptional: true,
  auth: { permission: 'approvals:read', usersOnly: true },
  errors: [409],
});
export const mine = contractRoute(contract.getSecureMeApprovals, {
  description: `The caller's own approval requests, newest first. Query: \`status\`, \`entity_type\`, \`limit\` 1..100 (default 20), \`offset\`; \`total\` counts every match. ${STATE_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'approvals:read', usersOnly: true },
});
export const settings = contractRoute(contract.getSecureTenantApprovalSettings, {
  description:
    'Approval settings for `space`, `resource` and `calendar_entry` (always all three; defaults where never changed: ' +
    '`requires_approval` false, `auto_approve_roles` ["owner","admin"], `max_pending_days` 30, both notifications on).',
  auth: { permission: 'approvals:read' },
});
const entityTypeParam = z.object({ entityType: z.enum(APPROVAL_ENTITY_TYPES).openapi({ param: { name: 'entityType', in: 'path' }, description: 'space, resource or calendar_entry' }) });
const patchContract = contract.patchSecureTenantApprovalSettingsByEntityType;
export const patchSettings = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description:
    'Changes the settings of one entity type; `config` keys not given are kept. At least one property (400 for an empty body). ' +
    '`auto_approve_roles` entries must be membership roles (owner, admin, manager, member, guest); `max_pending_days` an integer 1..365 ' +
    '(applies to requests created afterwards). Needs `approvals:write` **and** the owner or admin role (admin only, as the reference says).',
  request: { params: entityTypeParam },
  auth: { permission: 'approvals:write', usersOnly: true, roles: ['owner', 'admin'] },
});
