// Calendar administration: the router (mounted through src/modules/calendar/index.ts).
import { newRouter } from '../../../http/router';
import * as h from './admin.handlers';
import * as r from './admin.routes';

export const calendarAdminRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.get, h.get)
  .openapi(r.operations, h.operations)
  .openapi(r.patchPolicy, h.patchPolicy)
  .openapi(r.reminders, h.reminders)
  .openapi(r.resetVisits, h.resetVisits);
