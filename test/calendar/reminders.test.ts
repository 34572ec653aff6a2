// Reminders: on an entry and on a series, `nextTriggerAt` = target start + offset (negative before),
// following entry moves and cancellations and instance cancellations, `ack` advancing through a
// series, the calendar's list, the dispatch preview with its delivery keys, invalid targets (nothing
// written), the manage rule, credentials and another tenant's ids.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { calendarReminders } from '../../src/db/schema/calendar';
import { addMember, withDb } from '../helpers/db';
import { expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { C, E, call, newCalendar, newEntry } from './calendars-helpers';

const R = `${C}/reminders`;
const HOUR = 3600_000;
const MIN = 60_000;
const inHours = (h: number) => new Date(Math.ceil(Date.now() / HOUR) * HOUR + h * HOUR);

async function remind(who: SignedIn, body: Record<string, unknown>) {
  const res = await call(who, 'POST', R, { channel: 'email', offsetMinutes: -15, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

async function dailySeries(who: SignedIn, calendarId: string, first: Date, count = 3) {
  const root = await newEntry(who, calendarId, { title: 'Daily', timezone: 'UTC', startsAt: first.toISOString(), endsAt: new Date(first.getTime() + HOUR).toISOString() });
  const res = await call(who, 'POST', `${C}/recurrence-masters`, { calendarId, rootEntryId: root.id, frequency: 'daily', startsAt: first.toISOString(), occurrenceCountLimit: count, timezone: 'UTC' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const inst = await call(who, 'GET', `${C}/recurrence-masters/${res.body.data.id}/instances?from=${new Date(first.getTime() - HOUR).toISOString()}&to=${new Date(first.getTime() + 30 * 24 * HOUR).toISOString()}`);
  return { masterId: res.body.data.id as string, instances: inst.body.data as { id: string; startsAt: string }[] };
}

describe('next trigger, ack and preview', () => {
  it('fires an entry reminder at start + offset, follows a move and a cancellation, and acks once', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    const start = inHours(5);
    const entry = await newEntry(owner, cal.id, { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString() });
    const res = await remind(owner, { calendarId: cal.id, calendarEntryId: entry.id, offsetMinutes: -30 });
    expectReferenceShape('POST', R, res);
    const id = res.body.data.id as string;
    expect(res.body.data).toMatchObject({ calendarEntryId: entry.id, recurrenceMasterId: null, channel: 'email', offsetMinutes: -30, isEnabled: true, nextTriggerAt: new Date(start.getTime() - 30 * MIN).toISOString(), lastTriggeredAt: null, createdBy: owner.userId });
    const after = await remind(owner, { calendarId: cal.id, calendarEntryId: entry.id, offsetMinutes: 90, channel: 'in_app' });
    expect(after.body.data.nextTriggerAt).toBe(new Date(start.getTime() + 90 * MIN).toISOString());

    // The entry moves: the reminder follows. Cancelled: nothing to fire. Reopened: armed again.
    const moved = new Date(start.getTime() + 24 * HOUR);
    await call(owner, 'PATCH', `${E}/${entry.id}`, { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + HOUR).toISOString() });
    const nextOf = async (rid: string) => (await withDb((db) => db.select().from(calendarReminders).where(eq(calendarReminders.id, rid))))[0]!;
    expect((await nextOf(id)).nextTriggerAt?.toISOString()).toBe(new Date(moved.getTime() - 30 * MIN).toISOString());
    await call(owner, 'POST', `${E}/${entry.id}/status`, { status: 'cancelled' });
    expect((await nextOf(id)).nextTriggerAt).toBeNull();
    await call(owner, 'POST', `${E}/${entry.id}/status`, { status: 'draft' });
    expect((await nextOf(id)).nextTriggerAt).not.toBeNull();

    // Preview at the trigger time: this one is due (the +90 one is not), with its delivery key.
    const asOf = new Date(moved.getTime() - 30 * MIN).toISOString();
    const preview = await call(owner, 'POST', `${C}/${cal.id}/reminders/dispatch-preview`, { asOf });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expectReferenceShape('POST', `${C}/{id}/reminders/dispatch-preview`, preview);
    expect(preview.body.total).toBe(1);
    expect(preview.body.data[0]).toMatchObject({ targetKind: 'entry', targetId: entry.id, targetStartsAt: moved.toISOString(), targetTimezone: 'Europe/Zurich', deliveryKey: `rem:${id}:entry:${entry.id}:${asOf}` });
    expect(preview.body.data[0].reminder.id).toBe(id);
    expect((await call(owner, 'POST', `${C}/${cal.id}/reminders/dispatch-preview`, {})).body).toEqual({ data: [], total: 0 });

    const acked = await call(owner, 'POST', `${R}/${id}/ack`, { triggeredAt: asOf });
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/ack`, acked);
    expect(acked.body.data).toMatchObject({ lastTriggeredAt: asOf, nextTriggerAt: null });
    const again = await call(owner, 'POST', `${R}/${id}/ack`, {});
    expectError(again, 422);
    expect(again.body.details).toMatchObject({ reason: 'NO_PENDING_TRIGGER' });
  });

  it('walks a series reminder through its occurrences, skipping cancelled ones, until exhausted', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    const first = inHours(3);
    const { masterId, instances } = await dailySeries(owner, cal.id, first, 4);
    expect(instances).toHaveLength(4);
    const res = await remind(owner, { calendarId: cal.id, recurrenceMasterId: masterId, offsetMinutes: -10, channel: 'webhook' });
    const id = res.body.data.id as string;
    const trig = (i: number) => new Date(new Date(instances[i]!.startsAt).getTime() - 10 * MIN).toISOString();
    expect(res.body.data.nextTriggerAt).toBe(trig(0));
    // Cancel the second occurrence: acking the first goes straight to the third.
    expect((await call(owner, 'PATCH', `${C}/recurrence-instances/${instances[1]!.id}`, { instanceState: 'cancelled' })).status).toBe(200);
    const preview = await call(owner, 'POST', `${C}/${cal.id}/reminders/dispatch-preview`, { asOf: trig(0) });
    expect(preview.body.data[0]).toMatchObject({ targetKind: 'recurrence_instance', targetId: instances[0]!.id, targetTimezone: 'UTC', deliveryKey: `rem:${id}:recurrence_instance:${instances[0]!.id}:${trig(0)}` });
    expect((await call(owner, 'POST', `${R}/${id}/ack`, { triggeredAt: trig(0) })).body.data.nextTriggerAt).toBe(trig(2));
    expect((await call(owner, 'POST', `${R}/${id}/ack`, {})).body.data.nextTriggerAt).toBe(trig(3));
    expect((await call(owner, 'POST', `${R}/${id}/ack`, {})).body.data.nextTriggerAt).toBeNull();

    const list = await call(owner, 'GET', `${C}/${cal.id}/reminders`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expectReferenceShape('GET', `${C}/{id}/reminders`, list);
    expect(list.body).toMatchObject({ total: 1 });
    expect((await call(owner, 'DELETE', `${R}/${id}`)).status).toBe(204);
    expectError(await call(owner, 'DELETE', `${R}/${id}`), 404);
    expect((await call(owner, 'GET', `${C}/${cal.id}/reminders`)).body).toEqual({ data: [], total: 0 });
  });
});

describe('invalid input, the manage rule, credentials and other tenants', () => {
  it('refuses bad targets and offsets with a clear error and writes nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const cal = await newCalendar(owner);
    const cal2 = await newCalendar(owner);
    const entry = await newEntry(owner, cal.id);
    const foreign = await newEntry(other, (await newCalendar(other)).id);
    const { masterId } = await dailySeries(owner, cal.id, inHours(2));
    const base = { calendarId: cal.id, calendarEntryId: entry.id, channel: 'sms', offsetMinutes: -5 };
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ ...base, recurrenceMasterId: masterId }, 422, 'INVALID_TARGET'],
      [{ calendarId: cal.id, channel: 'sms', offsetMinutes: 0 }, 422, 'INVALID_TARGET'],
      [{ ...base, calendarId: cal2.id }, 422, 'INVALID_TARGET'],
      [{ ...base, offsetMinutes: 10081 }, 400],
      [{ ...base, offsetMinutes: -10081 }, 400],
      [{ ...base, offsetMinutes: 1.5 }, 400],
      [{ ...base, channel: 'pigeon' }, 400],
      [{ ...base, extra: 1 }, 400],
      [{ ...base, calendarEntryId: foreign.id }, 404],
      [{ ...base, calendarId: (await newCalendar(other)).id }, 404],
    ];
    for (const [body, status, reason] of cases) {
      const res = await call(owner, 'POST', R, body);
      expect(res.status, `${JSON.stringify(body).slice(0, 140)} → ${JSON.stringify(res.body)}`).toBe(status);
      expectError(res, status);
      if (reason) expect(res.body.details).toMatchObject({ reason });
    }
    expect(await withDb((db) => db.select().from(calendarReminders).where(eq(calendarReminders.tenantId, owner.tenantId)))).toEqual([]);
  });

  it('lets only managers handle reminders; 401 without credentials; another tenant gets 404 and changes nothing', async () => {
    const owner = await newTenant();
    const viewer = await addMember(owner.tenantId, 'member');
    const stranger = await newTenant();
    const cal = await newCalendar(owner, { visibility: 'public_within_tenant' });
    const entry = await newEntry(owner, cal.id, { startsAt: inHours(4).toISOString(), endsAt: inHours(5).toISOString() });
    const id = (await remind(owner, { calendarId: cal.id, calendarEntryId: entry.id })).body.data.id as string;
    expectError(await call(viewer, 'POST', R, { calendarId: cal.id, calendarEntryId: entry.id, channel: 'email', offsetMinutes: -5 }), 403);
    expectError(await call(viewer, 'GET', `${C}/${cal.id}/reminders`), 403);
    expectError(await call(viewer, 'POST', `${C}/${cal.id}/reminders/dispatch-preview`, {}), 403);
    expectError(await call(viewer, 'POST', `${R}/${id}/ack`, {}), 403);
    expectError(await call(viewer, 'DELETE', `${R}/${id}`), 403);
    expectError(await call(null, 'GET', `${C}/${cal.id}/reminders`), 401);
    expectError(await call(null, 'POST', `${R}/${id}/ack`, {}), 401);
    for (const [method, path, body] of [
      ['GET', `${C}/${cal.id}/reminders`, undefined],
      ['POST', `${C}/${cal.id}/reminders/dispatch-preview`, {}],
      ['POST', `${R}/${id}/ack`, {}],
      ['DELETE', `${R}/${id}`, undefined],
    ] as const) {
      expectError(await call(stranger, method, path, body), 404);
    }
    const [row] = await withDb((db) => db.select().from(calendarReminders).where(eq(calendarReminders.id, id)));
    expect(row).toMatchObject({ deletedAt: null, lastTriggeredAt: null });
    expect(row!.nextTriggerAt).not.toBeNull();
  });
});
