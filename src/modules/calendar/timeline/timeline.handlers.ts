// Window and free-busy handlers: one read sent with the caller check (one round trip).
import type { Handler } from '../../../http/handler';
import { serviceContext } from '../../../middleware/service-context';
import { asCalendarCaller, freeBusyCallerOf } from '../shared/calendar-caller';
import { MAX_SPAN_WINDOW_DAYS, timeWindow } from '../shared/time-window';
import type * as routes from './timeline.routes';
import { timeline } from './timeline.queries';

export const window: Handler<typeof routes.window> = async (c) => {
  const f = c.req.valid('query');
  const w = timeWindow(f, MAX_SPAN_WINDOW_DAYS);
  const ctx = serviceContext(c);
  const items = (await asCalendarCaller(c, (caller) => timeline(ctx, caller, { ...w, calendarIds: f.calendarIds, excludeStatuses: ['cancelled'], details: true }))).value;
  return c.json({ data: items.map((i) => ({ id: i.id, title: i.title ?? 'Busy', start: i.startsAt.toISOString(), end: i.endsAt.toISOString(), ...(i.location && { location: i.location }) })) }, 200);
};

export const freeBusy: Handler<typeof routes.freeBusy> = async (c) => {
  const f = c.req.valid('query');
  const w = timeWindow(f, MAX_SPAN_WINDOW_DAYS);
  const ctx = serviceContext(c);
  const items = (await asCalendarCaller(c, (caller) => timeline(ctx, caller, { ...w, calendarIds: f.calendarIds, excludeStatuses: ['cancelled', 'draft'], details: false }), freeBusyCallerOf)).value;
  return c.json({
    data: {
      windowStartsAt: w.from.toISOString(),
      windowEndsAt: w.to.toISOString(),
      slots: items.map((i) => ({ calendarId: i.calendarId, startsAt: i.startsAt.toISOString(), endsAt: i.endsAt.toISOString(), status: i.status, isAllDay: i.isAllDay })),
    },
  }, 200);
};
