// Calendar administration routes: the contract routes, who may call them and what the reference
// leaves unsaid (the policy inheritance rule, the operations window).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { CALENDAR_KINDS, CALENDAR_VISIBILITIES } from '../shared/calendar.model';
import { contractRoute } from '../../../http/route';
import { limitOffsetQuery } from '../../../lib/pagination';

const params = z.object({ calendarId: z.uuid().openapi({ description: 'Calendar id' }) });

const ADMIN_DOC = 'Calendar admins only: tenant owner or admin, platform administrators, integrators with `calendar:write` (403 `CALENDAR_ADMIN_REQUIRED` for others). Deleted calendars are included.';
const POLICY_DOC =
  'Policy inheritance, per field (`provenance`): a field present in the calendar\'s admin overrides is `calendar_override`; else, for a `resource_linked` or `space_linked` calendar, `sharePosture` and `visibilityDefault` come from the linked resource\'s or space\'s `settings.calendar.sharePosture` / `settings.calendar.visibilityDefault` when that holds a valid visibility (`linked_parent_inherited`); ' +
  'else the platform default (`calendar_default`): `private`, `private`, `{}`, `{}`, null. Every field is editable.';

export const listQuery = z.object({
  activeState: z.enum(['active', 'deleted']).optional().openapi({ description: 'Only live (`active`) or only deleted calendars (default both)' }),
  kind: z.enum(CALENDAR_KINDS).optional().openapi({ description: 'Only calendars of this kind' }),
  visibility: z.enum(CALENDAR_VISIBILITIES).optional().openapi({ description: 'Only calendars with this visibility' }),
  q: z.string().max(200).optional().openapi({ description: 'Part of the name (case-insensitive)' }),
  ...limitOffsetQuery(20, 100),
});
export const operationsQuery = z.object({
  futureWindowDays: z.coerce.number().int().min(1).max(365).default(30).openapi({ description: 'Days ahead counted for entries and instances, and behind for the change log (1..365, default 30)' }),
});
export const remindersQuery = z.object({ ...limitOffsetQuery(50, 200) });

export const list = contractRoute(contract.getSecureAdminCalendars, {
  description: `Every calendar of the tenant by name then id, with its linked parent, effective policy and reminder stats. Filters \`activeState\`, \`kind\`, \`visibility\`, \`q\`; \`limit\` 1..100 (default 20), \`offset\`. ${ADMIN_DOC} ${POLICY_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'calendar:read' },
});
export const get = contractRoute(contract.getSecureAdminCalendarsByCalendarId, {
  description: `One calendar with its linked parent, effective policy and statistics (future = starting now or later). Reading never counts a visit. \`explicitShareCount\` is 0: visibility alone decides who sees a calendar. ${ADMIN_DOC} ${POLICY_DOC}`,
  request: { params },
  auth: { permission: 'calendar:read' },
});
export const operations = contractRoute(contract.getSecureAdminCalendarsByCalendarIdOperations, {
  description: `Counters over a bounded window (\`futureWindowDays\`): entries and recurrence instances starting in the next N days, enabled reminders with a next trigger, change-log rows of the last N days (the latest 20 in \`recentMutations\`, newest first), and reminder deliveries in status failed or dead (\`dispatchFailures\`). ${ADMIN_DOC}`,
  request: { params, query: operationsQuery },
  auth: { permission: 'calendar:read' },
});
const policyContract = contract.patchSecureAdminCalendarsByCalendarIdPolicy;
export const patchPolicy = contractRoute({ ...policyContract, body: policyContract.body.openapi({ minProperties: 1 }) }, {
  description: `Sets the admin overrides given (at least one: \`{}\` is 400; each becomes \`calendar_override\`); \`adminNotes: null\` removes the note override. Answers the effective policy. A deleted calendar answers 409 \`CALENDAR_DELETED\`. The change log records the update. ${ADMIN_DOC} ${POLICY_DOC}`,
  request: { params },
  auth: { permission: 'calendar:read' },
  errors: [409],
});
export const reminders = contractRoute(contract.getSecureAdminCalendarsByCalendarIdReminders, {
  description: `Reminder health of the calendar: totals (live reminders), enabled/disabled, due now (\`dueCount\`: enabled with next trigger in the past), the next trigger, counts per channel, and a page of reminders by next trigger (\`limit\` 1..200, default 50, \`offset\`). ${ADMIN_DOC}`,
  request: { params, query: remindersQuery },
  auth: { permission: 'calendar:read' },
});
export const resetVisits = contractRoute(contract.postSecureAdminCalendarsByCalendarIdVisitMetricsReset, {
  description: `Zeroes the visit counter and records who reset it, when and \`reason\` (at most 500). A deleted calendar answers 409. Answers 403 \`FEATURE_DISABLED\` when the tenant has the \`visit_metrics\` feature off. ${ADMIN_DOC}`,
  request: { params },
  bodyOptional: true,
  auth: { permission: 'calendar:read' },
  errors: [409],
});
