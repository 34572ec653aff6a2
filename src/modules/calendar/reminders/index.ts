// Reminders: the router (mounted through src/modules/calendar/index.ts, before the calendars
// router's `/calendar/{id}`).
import { newRouter } from '../../../http/router';
import * as h from './reminders.handlers';
import * as r from './reminders.routes';

export { refreshNext, ofEntry, ofSeries } from './reminders.queries';

export const remindersRouter = newRouter()
  .openapi(r.create, h.create)
  .openapi(r.remove, h.remove)
  .openapi(r.ack, h.ack)
  .openapi(r.list, h.list)
  .openapi(r.preview, h.preview);
