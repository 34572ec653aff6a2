// Calendar admin handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCalendarAdmin } from '../shared/calendar-caller';
import { toVisitSummary } from '../calendars/calendars.views';
import type * as routes from './admin.routes';
import * as service from './admin.service';
import { toAdminDetail, toAdminListItem, toPolicy, toReminder } from './admin.views';

export const list: Handler<typeof routes.list> = async (c) => {
  const ctx = serviceContext(c);
  const f = c.req.valid('query');
  const { rows, total } = await asCalendarAdmin(c, () => service.listCalendars(ctx, f));
  return c.json({ data: rows.map(toAdminListItem), total, limit: f.limit, offset: f.offset }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.valid('param').calendarId;
  const found = await asCalendarAdmin(c, () => service.getCalendar(ctx, id));
  return c.json({ data: toAdminDetail(found) }, 200);
};

export const operations: Handler<typeof routes.operations> = async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.valid('param').calendarId;
  const days = c.req.valid('query').futureWindowDays;
  const { counters, recent } = await asCalendarAdmin(c, () => service.operations(ctx, id, days));
  return c.json(
    {
      data: {
        calendarId: id,
        asOf: counters.as_of,
        futureWindowDays: days,
        counters: { futureEntryCount: counters.future_entries, futureInstanceCount: counters.future_instances, pendingReminderCount: counters.pending_reminders, recentMutationCount: counters.recent_mutations },
        recentMutations: recent.map((m) => ({ ...m, occurredAt: m.occurredAt.toISOString() })),
        dispatchFailures: { available: true, count: counters.dispatch_failures, note: null },
      },
    },
    200,
  );
};

export const patchPolicy: Handler<typeof routes.patchPolicy> = async (c) => {
  const found = await service.updatePolicy(serviceContext(c), await principal(c), c.req.valid('param').calendarId, c.req.valid('json'));
  return c.json({ data: toPolicy(found) }, 200);
};

export const reminders: Handler<typeof routes.reminders> = async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.valid('param').calendarId;
  const page = c.req.valid('query');
  const { summary: s, rows } = await asCalendarAdmin(c, () => service.reminders(ctx, id, page));
  return c.json(
    {
      data: {
        calendarId: id,
        summary: { total: s.total, enabled: s.enabled, disabled: s.total - s.enabled, dueCount: s.dueCount, nextTriggerAt: s.nextTriggerAt ? s.nextTriggerAt.toISOString() : null, channels: { in_app: s.inApp, email: s.email, sms: s.sms, webhook: s.webhook } },
        reminders: rows.map(toReminder),
        total: s.total,
        limit: page.limit,
        offset: page.offset,
      },
    },
    200,
  );
};

export const resetVisits: Handler<typeof routes.resetVisits> = async (c) => {
  const body = c.req.valid('json');
  const row = await service.resetVisits(serviceContext(c), await principal(c), c.req.valid('param').calendarId, body?.reason ?? null);
  return c.json({ data: toVisitSummary(row) }, 200);
};
