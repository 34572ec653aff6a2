// The calendar area's routers. The calendars router holds `/calendar/{id}` routes: mount it after
// every router with static `/calendar/<word>` paths (entries, window, free-busy...), which would
// otherwise reach `{id}` and answer 400.
import { newRouter } from '../../http/router';
import { calendarAdminRouter } from './admin';
import { calendarsRouter } from './calendars';
import { dispatcherRouter } from './dispatcher';
import { entriesRouter } from './entries';
import { recurrenceRouter } from './recurrence';
import { remindersRouter } from './reminders';
import { timelineRouter } from './timeline';

export { calendarAdminRouter, calendarsRouter, dispatcherRouter, entriesRouter, recurrenceRouter, remindersRouter, timelineRouter };

export const calendarModule = newRouter().route('/', dispatcherRouter).route('/', calendarAdminRouter).route('/', entriesRouter).route('/', timelineRouter).route('/', recurrenceRouter).route('/', remindersRouter).route('/', calendarsRouter);
