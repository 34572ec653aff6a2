// Recurrence masters (create, read, instances in a bounded window) and the override or cancel of
// one instance. The contract routes, who may call them and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { MAX_LIST_WINDOW_DAYS, windowQuery } from '../shared/time-window';
import { STATUS_MATRIX_DOC } from '../entries/entries.rules';

export const instancesQuery = z.object({ ...windowQuery(MAX_LIST_WINDOW_DAYS), ...limitOffsetQuery(100, 500) });

const RULE_DOC =
  'The rule expands in the master\'s `timezone` on wall-clock time (RFC 5545 via the `rrule` library): 09:00 stays 09:00 across daylight-saving changes; a time the zone skips moves forward by the change, a repeated one is its first occurrence. `byWeekday` numbers days 0 = Sunday … 6 = Saturday (weekly, or monthly); `byMonthDay` 1..31 (monthly, yearly): a day the month lacks (29th-31st) has no occurrence that month, as RFC 5545 says. `untilAt` (inclusive) and `occurrenceCountLimit` end the series. Each occurrence takes the root entry\'s length (all-day: its local days).';
const READ_DOC = 'Visible as its root entry is (`GET /calendar/entries/{id}`), 404 otherwise.';

export const createMaster = contractRoute(contract.postSecureCalendarRecurrenceMasters, {
  description:
    `Makes \`rootEntryId\` (an entry of \`calendarId\` the caller changes: 404/403) a series. ${RULE_DOC} Instances are materialized \`generatedWindowDays\` (1..366, default 90) ahead of the later of now and \`startsAt\`, and a job every minute moves that horizon forward. ` +
    'The root entry stands for the series: the window and free-busy show its instances, not it. 422 `ALREADY_RECURRING`, `ROOT_NOT_IN_CALENDAR`, `INVALID_RULE` (untilAt before startsAt, byWeekday with yearly, byMonthDay with daily/weekly), `INVALID_TIMEZONE`.',
  auth: { permission: 'calendar:write' },
});
export const getMaster = contractRoute(contract.getSecureCalendarRecurrenceMastersById, {
  description: `The rule of a series. ${READ_DOC}`,
  request: { params: idParam('Recurrence master id') },
  auth: { permission: 'calendar:read' },
});
export const listInstances = contractRoute(contract.getSecureCalendarRecurrenceMastersByIdInstances, {
  description: `Materialized instances overlapping [\`from\`, \`to\`) (both required; at most ${MAX_LIST_WINDOW_DAYS} days: 400), by start, overridden and cancelled ones included; beyond the horizon there are none yet. \`limit\` 1..500 (default 100), \`offset\`. ${READ_DOC}`,
  request: { params: idParam('Recurrence master id'), query: instancesQuery },
  auth: { permission: 'calendar:read' },
});
const patchContract = contract.patchSecureCalendarRecurrenceInstancesById;
export const patchInstance = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description:
    'Overrides or cancels one occurrence (at least one field). `instanceState: cancelled` or `status: cancelled` cancel it (both fields then say so); any other change makes it `overridden` unless `instanceState` is given; reopening a cancelled one needs a `status` (422 `STATUS_REQUIRED`). ' +
    `Status changes follow the entry matrix: ${STATUS_MATRIX_DOC} The instance keeps its override when the horizon moves. Only the root entry's managers (403).`,
  request: { params: idParam('Recurrence instance id') },
  auth: { permission: 'calendar:write' },
});
