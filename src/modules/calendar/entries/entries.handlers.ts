// Entry handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCalendarCaller } from '../shared/calendar-caller';
import { MAX_LIST_WINDOW_DAYS, timeWindow } from '../shared/time-window';
import type * as routes from './entries.routes';
import * as service from './entries.service';
import { toEntry, toParticipant } from './entries.views';

// Reads go out with the caller check (one round trip).
export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const window = timeWindow(f, MAX_LIST_WINDOW_DAYS);
  const ctx = serviceContext(c);
  const { rows, total } = (await asCalendarCaller(c, (caller) => service.listEntries(ctx, caller, { ...f, ...window }))).value;
  return c.json({ data: rows.map(toEntry), total, limit: f.limit, offset: f.offset }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const row = await service.createEntry(serviceContext(c), await principal(c), c.req.valid('json'));
  return c.json({ data: toEntry(row) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.valid('param').id;
  const row = (await asCalendarCaller(c, (caller) => service.getEntry(ctx, caller, id))).value;
  return c.json({ data: toEntry(row) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const row = await service.updateEntry(serviceContext(c), await principal(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toEntry(row) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteEntry(serviceContext(c), await principal(c), c.req.valid('param').id);
  return noContent(c);
};

export const status: Handler<typeof routes.status> = async (c) => {
  const row = await service.transitionEntry(serviceContext(c), await principal(c), c.req.valid('param').id, c.req.valid('json').status);
  return c.json({ data: toEntry(row) }, 200);
};

export const respond: Handler<typeof routes.respond> = async (c) => {
  const row = await service.respond(serviceContext(c), await principal(c), c.req.valid('param').id, c.req.valid('json').responseStatus);
  return c.json({ data: toParticipant(row) }, 200);
};
