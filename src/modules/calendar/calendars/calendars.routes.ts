// Calendars: list, create, read, update, delete and the visit-metrics reset. The contract routes,
// who may call them and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { CALENDAR_KINDS, CALENDAR_VISIBILITIES } from '../shared/calendar.model';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';

const params = idParam('Calendar id');

export const listQuery = z.object({
  kind: z.enum(CALENDAR_KINDS).optional().openapi({ description: 'Only calendars of this kind' }),
  visibility: z.enum(CALENDAR_VISIBILITIES).optional().openapi({ description: 'Only calendars with this visibility' }),
  linkedUserId: z.uuid().optional().openapi({ description: 'Only calendars linked to this user' }),
  linkedResourceId: z.uuid().optional().openapi({ description: 'Only calendars linked to this resource' }),
  linkedSpaceId: z.uuid().optional().openapi({ description: 'Only calendars linked to this space' }),
  q: z.string().max(200).optional().openapi({ description: 'Part of the name (case-insensitive)' }),
  ...limitOffsetQuery(20, 100),
});

const VISIBILITY_DOC =
  'Who sees a calendar: calendar admins (tenant owner/admin, platform administrators, integrators with `calendar:write`) every one; its managers (creator, linked user, linked resource\'s admins/managers, linked space\'s managers) theirs; `shared` also the linked resource\'s or space\'s members; `public_within_tenant` every member. Others get 404; deleted calendars are 404 here (the admin list shows them).';
const MANAGE_DOC = 'Only its managers and calendar admins (403 `CALENDAR_NOT_MANAGEABLE`).';

export const list = contractRoute(contract.getSecureCalendar, {
  description: `The live calendars the caller may see, by name then id. Filters: \`kind\`, \`visibility\`, \`linkedUserId\`, \`linkedResourceId\`, \`linkedSpaceId\`, \`q\` (part of the name). \`limit\` 1..100 (default 20), \`offset\`. ${VISIBILITY_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'calendar:read' },
});
export const create = contractRoute(contract.postSecureCalendar, {
  description:
    'Creates a calendar. The kind names its one link: `user_linked` needs `linkedUserId` (a member of the tenant), `resource_linked` `linkedResourceId`, `space_linked` `linkedSpaceId` (the tenant\'s), `tenant_shared` none (422 `INVALID_LINKAGE`; an unknown or foreign id 422 `LINKED_PARENT_NOT_FOUND`, nothing written). ' +
    'Non-admins may link a calendar only to themselves or to a resource/space they manage, and only calendar admins create `tenant_shared` ones (403). `timezone` must be an IANA zone (422 `INVALID_TIMEZONE`). `visibility` defaults to `private`. ' +
    '`typeDefinitionId` must be a type definition of the tenant (404), active and applying to `calendar` (422 `INVALID_TYPE_DEFINITION`). The change log (admin operations) records the creation.',
  auth: { permission: 'calendar:write' },
});
export const get = contractRoute(contract.getSecureCalendarById, {
  description: `One calendar with its visit summary. Reading never counts a visit. ${VISIBILITY_DOC}`,
  request: { params },
  auth: { permission: 'calendar:read' },
});
const patchContract = contract.patchSecureCalendarById;
export const patch = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description: `Changes the fields given (at least one: \`{}\` is 400). \`kind\` and the linked ids cannot change (the body refuses them: 400). \`timezone\` and \`typeDefinitionId\` as on create. ${MANAGE_DOC} The change log records the update.`,
  request: { params },
  auth: { permission: 'calendar:write' },
});
export const remove = contractRoute(contract.deleteSecureCalendarById, {
  description: `Soft-deletes the calendar (\`deletedAt\`, \`deletedBy\`): it disappears from every route but the admin ones. ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'calendar:write' },
});
export const resetVisits = contractRoute(contract.postSecureCalendarByIdVisitMetricsReset, {
  description: `Zeroes the visit counter and records who reset it, when and \`reason\` (at most 500 characters). ${MANAGE_DOC} Answers 403 \`FEATURE_DISABLED\` when the tenant has the \`visit_metrics\` feature off.`,
  request: { params },
  bodyOptional: true,
  auth: { permission: 'calendar:read' },
});
