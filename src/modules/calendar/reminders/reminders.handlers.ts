// Reminder handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCalendarCaller } from '../shared/calendar-caller';
import type * as routes from './reminders.routes';
import * as service from './reminders.service';
import { deliveryKeyOf, toReminder } from './reminders.views';

export const create: Handler<typeof routes.create> = async (c) => {
  const row = await service.createReminder(serviceContext(c), await principal(c), c.req.valid('json'));
  return c.json({ data: toReminder(row) }, 201);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteReminder(serviceContext(c), await principal(c), c.req.valid('param').id);
  return noContent(c);
};

export const ack: Handler<typeof routes.ack> = async (c) => {
  const at = c.req.valid('json')?.triggeredAt;
  const row = await service.ackReminder(serviceContext(c), await principal(c), c.req.valid('param').id, at ? new Date(at) : new Date());
  return c.json({ data: toReminder(row) }, 200);
};

// Reads go out with the caller check (one round trip).
export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const id = c.req.valid('param').id;
  const { rows, total } = (await asCalendarCaller(c, (caller) => service.listReminders(ctx, caller, id, f.limit, f.offset))).value;
  return c.json({ data: rows.map(toReminder), total }, 200);
};

export const preview: Handler<typeof routes.preview> = async (c) => {
  const body = c.req.valid('json');
  const asOf = body?.asOf ? new Date(body.asOf) : new Date();
  const ctx = serviceContext(c);
  const id = c.req.valid('param').id;
  const { items, total } = (await asCalendarCaller(c, (caller) => service.previewDue(ctx, caller, id, asOf, body?.limit ?? 25))).value;
  return c.json({
    data: items.map(({ row, target }) => ({
      reminder: toReminder(row),
      targetKind: target.kind,
      targetId: target.id,
      targetStartsAt: target.startsAt.toISOString(),
      targetEndsAt: target.endsAt.toISOString(),
      targetTimezone: target.timezone,
      deliveryKey: deliveryKeyOf(row.id, target.kind, target.id, row.nextTriggerAt!),
    })),
    total,
  }, 200);
};
