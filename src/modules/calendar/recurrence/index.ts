// Recurrence masters and instances: the router (mounted through src/modules/calendar/index.ts,
// before the calendars router's `/calendar/{id}`). The horizon job is listed in src/jobs.
import { newRouter } from '../../../http/router';
import * as h from './recurrence.handlers';
import * as r from './recurrence.routes';

export { recurrenceJobs } from './recurrence.jobs';

export const recurrenceRouter = newRouter()
  .openapi(r.createMaster, h.createMaster)
  .openapi(r.getMaster, h.getMaster)
  .openapi(r.listInstances, h.listInstances)
  .openapi(r.patchInstance, h.patchInstance);
