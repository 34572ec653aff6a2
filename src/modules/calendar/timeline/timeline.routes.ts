// The window view and free-busy: what happens in a bounded window across calendars, single entries
// and recurrence instances together.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { contractRoute } from '../../../http/route';
import { calendarIdsQuery, MAX_SPAN_WINDOW_DAYS, windowQuery } from '../shared/time-window';

export const timelineQuery = z.object({ ...windowQuery(MAX_SPAN_WINDOW_DAYS), calendarIds: calendarIdsQuery });

const SCOPE_DOC = `Entries and recurrence instances overlapping [\`from\`, \`to\`) (both required; at most ${MAX_SPAN_WINDOW_DAYS} days: 400) of the live calendars the caller sees (the rule of \`GET /calendar/{id}\`), or of those among \`calendarIds\` (calendars the caller cannot see contribute nothing), by start. Cancelled entries and instances are left out. One database round trip.`;

export const window = contractRoute(contract.getSecureCalendarWindow, {
  description: `${SCOPE_DOC} An entry whose details the caller may not read (a private entry they are not a participant of, one waiting for approval) shows as \`Busy\` without location.`,
  request: { query: timelineQuery },
  auth: { permission: 'calendar:read' },
});
export const freeBusy = contractRoute(contract.getSecureCalendarFreeBusy, {
  description: `Busy time: ${SCOPE_DOC} Drafts are not busy either. Private entries count like any other, without details (a slot has none). Integrators with \`calendar:free_busy\` see the busy time of every calendar of the tenant.`,
  request: { query: timelineQuery },
  auth: { permission: 'calendar:free_busy' },
});
