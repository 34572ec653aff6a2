// Reminders: create (entry or series), delete, ack, the calendar's list and the dispatch preview.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';

const OFFSET_DOC = '`offsetMinutes` counts from the target\'s start: negative fires before it (-15: a quarter of an hour before), positive after it; at most 7 days (±10080) either way.';
const NEXT_DOC =
  '`nextTriggerAt` = the next target\'s start + offset: an entry reminder targets its entry until it fired (none for a cancelled or finished entry); a series reminder the first live (not cancelled) instance whose trigger time is still ahead. It follows changes of the entry or the series (moves, cancellations, the horizon job adding instances).';
const MANAGE_DOC = 'Only the calendar\'s managers and calendar admins (403 `CALENDAR_NOT_MANAGEABLE`); 404 when the calendar is not visible.';

export const listQuery = z.object({ ...limitOffsetQuery(100, 500) });

export const create = contractRoute(contract.postSecureCalendarReminders, {
  description: `A reminder on exactly one of \`calendarEntryId\` and \`recurrenceMasterId\` (422 \`INVALID_TARGET\`), of \`calendarId\` (422 otherwise), which the caller changes (its calendar's managers and the entry's owner: 403). A series' root entry takes a series reminder. ${OFFSET_DOC} ${NEXT_DOC} Channels: \`in_app\` (a realtime event to the entry's owner and participants), \`email\` and \`sms\` (the accounts area's outbox), \`webhook\` (a signed POST to the tenant's notification URL).`,
  auth: { permission: 'calendar:write' },
});
export const remove = contractRoute(contract.deleteSecureCalendarRemindersById, {
  description: `Soft-deletes the reminder (\`deletedAt\`, \`deletedBy\`): it never fires again. ${MANAGE_DOC}`,
  request: { params: idParam('Reminder id') },
  auth: { permission: 'calendar:write' },
});
export const ack = contractRoute(contract.postSecureCalendarRemindersByIdAck, {
  description: `Records the pending trigger as fired (\`lastTriggeredAt\` = \`triggeredAt\`, default now) and advances: an entry reminder has no next trigger, a series reminder targets the next occurrence after this one (null once the series is exhausted). 422 \`NO_PENDING_TRIGGER\` when nothing is pending. ${MANAGE_DOC}`,
  request: { params: idParam('Reminder id') },
  bodyOptional: true,
  auth: { permission: 'calendar:write' },
});
export const list = contractRoute(contract.getSecureCalendarByIdReminders, {
  description: `The calendar's live reminders (on its entries and series), oldest first. \`limit\` 1..500 (default 100), \`offset\`. ${MANAGE_DOC}`,
  request: { params: idParam('Calendar id'), query: listQuery },
  auth: { permission: 'calendar:read' },
});
export const preview = contractRoute(contract.postSecureCalendarByIdRemindersDispatchPreview, {
  description: `The calendar's enabled reminders whose trigger time has come at \`asOf\` (default now), soonest first (\`limit\` 1..100, default 25; \`total\` counts all), each with its target and the \`deliveryKey\` the dispatcher sends it under (reminder, target and trigger time: one delivery per key). Sends nothing. ${MANAGE_DOC}`,
  request: { params: idParam('Calendar id') },
  bodyOptional: true,
  auth: { permission: 'calendar:read' },
});
