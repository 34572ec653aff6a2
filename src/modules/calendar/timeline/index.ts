// The window view and free-busy: the router (mounted through src/modules/calendar/index.ts, before
// the calendars router's `/calendar/{id}`).
import { newRouter } from '../../../http/router';
import * as h from './timeline.handlers';
import * as r from './timeline.routes';

export const timelineRouter = newRouter().openapi(r.window, h.window).openapi(r.freeBusy, h.freeBusy);
