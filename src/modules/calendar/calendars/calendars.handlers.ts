// Calendar handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCalendarCaller } from '../shared/calendar-caller';
import type * as routes from './calendars.routes';
import * as service from './calendars.service';
import { toCalendar, toVisitSummary } from './calendars.views';

// Reads go out with the caller check (one round trip).
export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const { rows, total } = (await asCalendarCaller(c, (caller) => service.listCalendars(ctx, caller, f))).value;
  return c.json({ data: rows.map(toCalendar), total, limit: f.limit, offset: f.offset }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const row = await service.createCalendar(serviceContext(c), await principal(c), c.req.valid('json'));
  return c.json({ data: toCalendar(row) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.valid('param').id;
  const row = (await asCalendarCaller(c, (caller) => service.getCalendar(ctx, caller, id))).value;
  return c.json({ data: toCalendar(row) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const row = await service.updateCalendar(serviceContext(c), await principal(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toCalendar(row) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteCalendar(serviceContext(c), await principal(c), c.req.valid('param').id);
  return noContent(c);
};

export const resetVisits: Handler<typeof routes.resetVisits> = async (c) => {
  const body = c.req.valid('json');
  const row = await service.resetVisits(serviceContext(c), await principal(c), c.req.valid('param').id, body?.reason ?? null);
  return c.json({ data: toVisitSummary(row) }, 200);
};
