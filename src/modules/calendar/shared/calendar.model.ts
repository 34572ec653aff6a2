// The calendar area's vocabulary for routes and handlers (which may not import the ORM tables).
export { CALENDAR_KINDS, CALENDAR_VISIBILITIES, ENTRY_KINDS, ENTRY_STATUSES, ENTRY_VISIBILITIES } from '../../../db/schema/calendar';
export type { CalendarKind, CalendarVisibility, EntryKind, EntryStatus, EntryVisibility } from '../../../db/schema/calendar';
