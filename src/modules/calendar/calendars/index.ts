// Calendars: the router (mounted through src/modules/calendar/index.ts).
import { newRouter } from '../../../http/router';
import * as h from './calendars.handlers';
import * as r from './calendars.routes';

export const calendarsRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.resetVisits, h.resetVisits);
