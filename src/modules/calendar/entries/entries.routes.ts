// Calendar entries: list in a bounded window, create, read, update, delete, status transitions and
// the current user's response to an assignment. The contract routes, who may call them and what the
// reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { ENTRY_KINDS, ENTRY_STATUSES } from '../shared/calendar.model';
import { MAX_LIST_WINDOW_DAYS, windowQuery } from '../shared/time-window';
import { STATUS_MATRIX_DOC } from './entries.rules';

const params = idParam('Calendar entry id');

export const listQuery = z.object({
  ...windowQuery(MAX_LIST_WINDOW_DAYS),
  calendarId: z.uuid().optional().openapi({ description: 'Only entries of this calendar' }),
  kind: z.enum(ENTRY_KINDS).optional().openapi({ description: 'Only entries of this kind' }),
  status: z.enum(ENTRY_STATUSES).optional().openapi({ description: 'Only entries in this status' }),
  ...limitOffsetQuery(50, 200),
});

const READ_DOC =
  'Entries of calendars the caller sees (the calendar rule of `GET /calendar/{id}`). A `private` entry\'s details are for the calendar\'s managers, the entry\'s owner, creator and participants (users, members of named groups); an entry waiting for approval for its managers, owner and creator. Others get 404 (free-busy still counts the time as busy).';
const WRITE_DOC = 'Only the calendar\'s managers (and calendar admins) and the entry\'s owner (403 `ENTRY_NOT_MANAGEABLE`).';
const PARTICIPANTS_DOC =
  'Assignments: `ownerUserId` is the entry\'s `owner`; `metadata.participants` (`[{ "userId" | "groupId", "role"? }]`, role `attendee` by default) names the others. Users must be members and groups groups of the tenant (422 `ACTOR_NOT_FOUND`, nothing written).';
const TIME_DOC =
  'Instants are stored in UTC with the entry\'s IANA `timezone` (422 `INVALID_TIMEZONE`); `endsAt` may not be before `startsAt` (422 `INVALID_SPAN`). All-day entries get `localStartDate` and the exclusive `localEndDateExclusive`, derived in that zone (an end at local midnight ends the day before).';

export const list = contractRoute(contract.getSecureCalendarEntries, {
  description: `Entries overlapping [\`from\`, \`to\`) (both required; at most ${MAX_LIST_WINDOW_DAYS} days: 400), by start then id. Filters: \`calendarId\`, \`kind\`, \`status\`. \`limit\` 1..200 (default 50), \`offset\`. ${READ_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'calendar:read' },
});
export const create = contractRoute(contract.postSecureCalendarEntries, {
  description:
    `Creates an entry in a calendar the caller manages (404 when not visible, 403 \`CALENDAR_NOT_MANAGEABLE\`). \`status\` defaults to \`confirmed\`, \`visibility\` to \`default\`. ${TIME_DOC} ${PARTICIPANTS_DOC} ` +
    '`typeDefinitionId`: a type definition of the tenant (404), active and applying to `calendar` (422). When the tenant\'s approval settings for `calendar_entry` require it for the creator\'s role, the entry waits with `approvalState: pending` (a confirmed or completed one as `tentative`); approval confirms a tentative entry, rejection, cancellation or expiry cancel it.',
  auth: { permission: 'calendar:write' },
});
export const get = contractRoute(contract.getSecureCalendarEntriesById, {
  description: `One entry. ${READ_DOC}`,
  request: { params },
  auth: { permission: 'calendar:read' },
});
const patchContract = contract.patchSecureCalendarEntriesById;
export const patch = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description: `Changes the fields given (at least one: \`{}\` is 400). ${WRITE_DOC} ${TIME_DOC} A new \`status\` follows the matrix of \`/status\`. ${PARTICIPANTS_DOC} Giving \`metadata.participants\` replaces the participants (kept ones keep their responses).`,
  request: { params },
  auth: { permission: 'calendar:write' },
});
export const remove = contractRoute(contract.deleteSecureCalendarEntriesById, {
  description: `Soft-deletes the entry (\`deletedAt\`, \`deletedBy\`) and its reminders; a pending approval request is withdrawn. ${WRITE_DOC}`,
  request: { params },
  auth: { permission: 'calendar:write' },
});
export const status = contractRoute(contract.postSecureCalendarEntriesByIdStatus, {
  description: `${STATUS_MATRIX_DOC} ${WRITE_DOC}`,
  request: { params },
  auth: { permission: 'calendar:write' },
});
export const respond = contractRoute(contract.postSecureCalendarEntriesByIdRespond, {
  description:
    'Records the signed-in user\'s response to an entry they are assigned to: on their own participant row, or, when only a group of theirs is named, on a row of their own with the group\'s role (the group stays pending for its other members). 403 `NOT_A_PARTICIPANT` when they are neither; 404 when they cannot read the entry; API keys 403.',
  request: { params },
  auth: { permission: 'calendar:read' },
});
