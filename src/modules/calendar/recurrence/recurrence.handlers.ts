// Recurrence handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCalendarCaller } from '../shared/calendar-caller';
import { MAX_LIST_WINDOW_DAYS, timeWindow } from '../shared/time-window';
import type * as routes from './recurrence.routes';
import * as service from './recurrence.service';
import { toInstance, toMaster } from './recurrence.views';

export const createMaster: Handler<typeof routes.createMaster> = async (c) => {
  const row = await service.createMaster(serviceContext(c), await principal(c), c.req.valid('json'));
  return c.json({ data: toMaster(row) }, 201);
};

// Reads go out with the caller check (one round trip).
export const getMaster: Handler<typeof routes.getMaster> = async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.valid('param').id;
  const row = (await asCalendarCaller(c, (caller) => service.getMaster(ctx, caller, id))).value;
  return c.json({ data: toMaster(row) }, 200);
};

export const listInstances: Handler<typeof routes.listInstances> = async (c) => {
  const f = c.req.valid('query');
  const w = timeWindow(f, MAX_LIST_WINDOW_DAYS);
  const ctx = serviceContext(c);
  const id = c.req.valid('param').id;
  const { rows, total, createdBy } = (await asCalendarCaller(c, (caller) => service.listInstances(ctx, caller, id, { ...w, limit: f.limit, offset: f.offset }))).value;
  return c.json({ data: rows.map((r) => toInstance(r, createdBy)), total, limit: f.limit, offset: f.offset }, 200);
};

export const patchInstance: Handler<typeof routes.patchInstance> = async (c) => {
  const { row, createdBy } = await service.patchInstance(serviceContext(c), await principal(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toInstance(row, createdBy) }, 200);
};
