// Recurrence: series expanded on wall-clock time across the March and October changes in
// Europe/Zurich and America/New_York, month ends (29th-31st), count and until limits; instances in a
// bounded window; overrides and cancellations that survive the horizon job (driven through the
// scheduled handler, overlapping runs included); invalid rules; the manage rule and another
// tenant's ids.
import { createScheduledController, env } from 'cloudflare:test';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recurrenceInstances, recurrenceMasters } from '../../src/db/schema/calendar';
import type { Env } from '../../src/env';
import { scheduled } from '../../src/jobs';
import { expand, type Rule } from '../../src/modules/calendar/recurrence/recurrence.rules';
import { addMember, withDb } from '../helpers/db';
import { expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { C, call, newCalendar, newEntry } from './calendars-helpers';

const RM = `${C}/recurrence-masters`;
const RI = `${C}/recurrence-instances`;
const HOUR = 3600_000;

async function series(who: SignedIn, entry: Record<string, unknown>, rule: Record<string, unknown>, calendarId?: string) {
  const cal = calendarId ?? (await newCalendar(who)).id;
  const root = await newEntry(who, cal, entry);
  const res = await call(who, 'POST', RM, { calendarId: cal, rootEntryId: root.id, timezone: entry.timezone ?? 'Europe/Zurich', startsAt: entry.startsAt, ...rule });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { calendarId: cal, root, master: res.body.data as { id: string; [k: string]: unknown }, res };
}

const instances = async (who: SignedIn, masterId: string, from = '2030-01-01T00:00:00Z', to = '2030-12-31T00:00:00Z') => {
  const res = await call(who, 'GET', `${RM}/${masterId}/instances?from=${from}&to=${to}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
};
const starts = (res: { body: { data: { startsAt: string }[] } }) => res.body.data.map((i) => i.startsAt);

describe('expansion on wall-clock time', () => {
  it('keeps 09:00 in Zurich across the March change (weekly, Monday and Wednesday, count 4)', async () => {
    const owner = await newTenant();
    const { master, res, root } = await series(owner, { title: 'Standup', startsAt: '2030-03-25T08:00:00Z', endsAt: '2030-03-25T08:15:00Z' }, { frequency: 'weekly', byWeekday: [1, 3], occurrenceCountLimit: 4 });
    expectReferenceShape('POST', RM, res);
    expect(master).toMatchObject({ rootEntryId: root.id, frequency: 'weekly', intervalCount: 1, byWeekday: [1, 3], byMonthDay: null, occurrenceCountLimit: 4, untilAt: null, timezone: 'Europe/Zurich', generatedWindowDays: 90, createdBy: owner.userId, deletedAt: null });
    const got = await call(owner, 'GET', `${RM}/${master.id}`);
    expectReferenceShape('GET', `${RM}/{id}`, got);
    expect(got.body.data).toEqual(master);
    const list = await instances(owner, master.id);
    expectReferenceShape('GET', `${RM}/{id}/instances`, list);
    expect(starts(list)).toEqual(['2030-03-25T08:00:00.000Z', '2030-03-27T08:00:00.000Z', '2030-04-01T07:00:00.000Z', '2030-04-03T07:00:00.000Z']);
    expect(list.body.data.map((i: { endsAt: string }) => i.endsAt)[2]).toBe('2030-04-01T07:15:00.000Z');
    expect(list.body.data[0]).toMatchObject({ instanceDate: '2030-03-25', instanceState: 'generated', status: 'confirmed', sourceEntryId: root.id, createdBy: owner.userId, timezone: 'Europe/Zurich', isAllDay: false });
    expect(list.body).toMatchObject({ total: 4, limit: 100, offset: 0 });
    const [m] = await withDb((db) => db.select().from(recurrenceMasters).where(eq(recurrenceMasters.id, master.id)));
    expect(m!.exhaustedAt).not.toBeNull();
    // The window shows the instances, not the root entry a second time.
    const win = await call(owner, 'GET', `${C}/window?from=2030-03-20T00:00:00Z&to=2030-04-10T00:00:00Z`);
    expect(win.body.data.map((i: { start: string }) => i.start)).toEqual(starts(list));
  });

  it('keeps wall-clock times across the October change in Zurich and both changes in New York, until inclusive', async () => {
    const owner = await newTenant();
    const zurich = await series(owner, { startsAt: '2030-10-25T07:00:00Z', endsAt: '2030-10-25T08:00:00Z' }, { frequency: 'daily', untilAt: '2030-10-28T08:00:00Z' });
    expect(starts(await instances(owner, zurich.master.id))).toEqual(['2030-10-25T07:00:00.000Z', '2030-10-26T07:00:00.000Z', '2030-10-27T08:00:00.000Z', '2030-10-28T08:00:00.000Z']);
    const ny = { timezone: 'America/New_York' };
    const autumn = await series(owner, { ...ny, startsAt: '2030-11-02T12:30:00Z', endsAt: '2030-11-02T13:30:00Z' }, { frequency: 'daily', untilAt: '2030-11-04T13:30:00Z' });
    expect(starts(await instances(owner, autumn.master.id))).toEqual(['2030-11-02T12:30:00.000Z', '2030-11-03T13:30:00.000Z', '2030-11-04T13:30:00.000Z']);
    const spring = await series(owner, { ...ny, startsAt: '2030-03-08T14:00:00Z', endsAt: '2030-03-08T15:00:00Z' }, { frequency: 'daily', intervalCount: 2, occurrenceCountLimit: 3 });
    expect(starts(await instances(owner, spring.master.id))).toEqual(['2030-03-08T14:00:00.000Z', '2030-03-10T13:00:00.000Z', '2030-03-12T13:00:00.000Z']);
  });

  it('treats the 29th-31st as RFC 5545 does, and all-day series keep local days', async () => {
    const owner = await newTenant();
    // (A year ahead: the default 90 days from 31 January reach only March.)
    const endOfMonth = await series(owner, { startsAt: '2030-01-31T08:00:00Z', endsAt: '2030-01-31T09:00:00Z' }, { frequency: 'monthly', occurrenceCountLimit: 4, generatedWindowDays: 366 });
    expect((await instances(owner, endOfMonth.master.id)).body.data.map((i: { instanceDate: string }) => i.instanceDate)).toEqual(['2030-01-31', '2030-03-31', '2030-05-31', '2030-07-31']);
    const lateDays = await series(owner, { startsAt: '2030-01-29T08:00:00Z', endsAt: '2030-01-29T09:00:00Z' }, { frequency: 'monthly', byMonthDay: [29, 30, 31], untilAt: '2030-03-01T00:00:00Z' });
    expect((await instances(owner, lateDays.master.id)).body.data.map((i: { instanceDate: string }) => i.instanceDate)).toEqual(['2030-01-29', '2030-01-30', '2030-01-31']);
    // All day, two local days each, weekly across the March change (31 March): local midnight each
    // time, 23:00Z in winter time, 22:00Z once summer time began.
    const allDay = await series(owner, { isAllDay: true, startsAt: '2030-03-23T23:00:00Z', endsAt: '2030-03-25T23:00:00Z' }, { frequency: 'weekly', occurrenceCountLimit: 2 });
    expect((await instances(owner, allDay.master.id)).body.data.map((i: { localStartDate: string; localEndDateExclusive: string; startsAt: string; endsAt: string }) => [i.localStartDate, i.localEndDateExclusive, i.startsAt, i.endsAt])).toEqual([
      ['2030-03-24', '2030-03-26', '2030-03-23T23:00:00.000Z', '2030-03-25T23:00:00.000Z'],
      ['2030-03-31', '2030-04-02', '2030-03-30T23:00:00.000Z', '2030-04-01T22:00:00.000Z'],
    ]);
  });

  it('expands leap days yearly and stops at count and until (the rule alone)', () => {
    const rule = (o: Partial<Rule>): Rule => ({ frequency: 'yearly', intervalCount: 1, byWeekday: null, byMonthDay: null, startsAt: new Date('2028-02-29T09:00:00Z'), untilAt: null, occurrenceCountLimit: null, timezone: 'UTC', ...o });
    const shape = { durationMs: HOUR, allDayDays: null };
    const leap = expand(rule({ occurrenceCountLimit: 3 }), shape, new Date('2028-01-01T00:00:00Z'), new Date('2045-01-01T00:00:00Z'));
    expect(leap.occurrences.map((o) => o.instanceDate)).toEqual(['2028-02-29', '2032-02-29', '2036-02-29']);
    expect(leap.more).toBe(false);
    const open = expand(rule({}), shape, new Date('2028-01-01T00:00:00Z'), new Date('2033-01-01T00:00:00Z'));
    expect(open).toMatchObject({ more: true });
    expect(open.occurrences).toHaveLength(2);
    const daily = expand(rule({ frequency: 'daily', startsAt: new Date('2030-01-01T09:00:00Z') }), shape, new Date('2030-01-01T00:00:00Z'), new Date('2040-01-01T00:00:00Z'), 10);
    expect(daily.occurrences).toHaveLength(10);
    expect(daily.more).toBe(true);
  });
});

describe('overrides and the horizon job', () => {
  it('overrides and cancels single instances, keeps them when the horizon moves, and overlapping runs add each instance once', async () => {
    const owner = await newTenant();
    const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR);
    const { master } = await series(owner, { title: 'Daily', timezone: 'UTC', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString() }, { frequency: 'daily', generatedWindowDays: 3, timezone: 'UTC' });
    const from = new Date(start.getTime() - 2 * 24 * HOUR).toISOString();
    const to = new Date(start.getTime() + 30 * 24 * HOUR).toISOString();
    const first = await instances(owner, master.id, from, to);
    expect(first.body.total).toBeGreaterThanOrEqual(2);
    const [a, b] = first.body.data as { id: string }[];
    const moved = await call(owner, 'PATCH', `${RI}/${a!.id}`, { titleOverride: 'Moved', startsAt: new Date(start.getTime() + 2 * HOUR).toISOString(), endsAt: new Date(start.getTime() + 3 * HOUR).toISOString() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expectReferenceShape('PATCH', `${RI}/{id}`, moved);
    expect(moved.body.data).toMatchObject({ instanceState: 'overridden', titleOverride: 'Moved', status: 'confirmed' });
    const cancelled = await call(owner, 'PATCH', `${RI}/${b!.id}`, { instanceState: 'cancelled' });
    expect(cancelled.body.data).toMatchObject({ instanceState: 'cancelled', status: 'cancelled' });
    const reopen = await call(owner, 'PATCH', `${RI}/${b!.id}`, { instanceState: 'overridden' });
    expectError(reopen, 422);
    expect(reopen.body.details).toMatchObject({ reason: 'STATUS_REQUIRED' });
    expectError(await call(owner, 'PATCH', `${RI}/${b!.id}`, { status: 'completed' }), 422);
    expectError(await call(owner, 'PATCH', `${RI}/${b!.id}`, {}), 400);

    // The horizon falls behind (a longer window, regenerated from the start): two ticks at once.
    await withDb((db) => db.update(recurrenceMasters).set({ generatedWindowDays: 10, generatedUntil: sql`starts_at` }).where(eq(recurrenceMasters.id, master.id)));
    const tick = () => scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as Env);
    await Promise.all([tick(), tick()]);
    const after = await instances(owner, master.id, from, to);
    expect(after.body.total).toBeGreaterThanOrEqual(10);
    const dates = after.body.data.map((i: { instanceDate: string }) => i.instanceDate);
    expect(new Set(dates).size).toBe(dates.length);
    const byId = new Map(after.body.data.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(a!.id)).toMatchObject({ instanceState: 'overridden', titleOverride: 'Moved' });
    expect(byId.get(b!.id)).toMatchObject({ instanceState: 'cancelled' });
    // The window shows the override's title and leaves the cancelled one out.
    const win = await call(owner, 'GET', `${C}/window?from=${from}&to=${new Date(start.getTime() + 5 * 24 * HOUR).toISOString()}`);
    expect(win.body.data[0]).toMatchObject({ id: a!.id, title: 'Moved' });
    expect(win.body.data.map((i: { id: string }) => i.id)).not.toContain(b!.id);
    const [m] = await withDb((db) => db.select().from(recurrenceMasters).where(eq(recurrenceMasters.id, master.id)));
    expect(m!.generatedUntil!.getTime()).toBeGreaterThan(Date.now() + 9 * 24 * HOUR);
  });
});

describe('invalid input, the manage rule, credentials and other tenants', () => {
  it('refuses bad rules and roots with a clear error and writes nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const cal = await newCalendar(owner);
    const cal2 = await newCalendar(owner);
    const root = await newEntry(owner, cal.id);
    const foreign = await newEntry(other, (await newCalendar(other)).id);
    const base = { calendarId: cal.id, rootEntryId: root.id, frequency: 'weekly', startsAt: '2030-01-10T09:00:00Z', timezone: 'Europe/Zurich' };
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ ...base, untilAt: '2030-01-01T00:00:00Z' }, 422, 'INVALID_RULE'],
      [{ ...base, byMonthDay: [31] }, 422, 'INVALID_RULE'],
      [{ ...base, frequency: 'yearly', byWeekday: [1] }, 422, 'INVALID_RULE'],
      [{ ...base, timezone: 'Nowhere/City' }, 422, 'INVALID_TIMEZONE'],
      [{ ...base, calendarId: cal2.id }, 422, 'ROOT_NOT_IN_CALENDAR'],
      [{ ...base, byWeekday: [7] }, 400],
      [{ ...base, frequency: 'hourly' }, 400],
      [{ ...base, generatedWindowDays: 400 }, 400],
      [{ ...base, intervalCount: 0 }, 400],
      [{ ...base, rootEntryId: foreign.id }, 404],
      [{ ...base, calendarId: (await newCalendar(other)).id }, 404],
    ];
    for (const [body, status, reason] of cases) {
      const res = await call(owner, 'POST', RM, body);
      expect(res.status, `${JSON.stringify(body).slice(0, 140)} → ${JSON.stringify(res.body)}`).toBe(status);
      expectError(res, status);
      if (reason) expect(res.body.details).toMatchObject({ reason });
    }
    expect(await withDb((db) => db.select().from(recurrenceMasters).where(eq(recurrenceMasters.tenantId, owner.tenantId)))).toEqual([]);
    expect((await call(owner, 'POST', RM, base)).status).toBe(201);
    const again = await call(owner, 'POST', RM, base);
    expectError(again, 422);
    expect(again.body.details).toMatchObject({ reason: 'ALREADY_RECURRING' });
  });

  it('lets only the series\' managers change instances; 401 without credentials; another tenant gets 404', async () => {
    const owner = await newTenant();
    const viewer = await addMember(owner.tenantId, 'member');
    const stranger = await newTenant();
    const cal = await newCalendar(owner, { visibility: 'public_within_tenant' });
    const { master } = await series(owner, { startsAt: '2030-05-01T08:00:00Z', endsAt: '2030-05-01T09:00:00Z' }, { frequency: 'daily', occurrenceCountLimit: 2 }, cal.id);
    const [inst] = (await instances(owner, master.id)).body.data as { id: string }[];
    expect((await instances(viewer, master.id)).body.total).toBe(2);
    const refused = await call(viewer, 'PATCH', `${RI}/${inst!.id}`, { titleOverride: 'Mine' });
    expectError(refused, 403);
    expectError(await call(viewer, 'POST', RM, { calendarId: cal.id, rootEntryId: (await newEntry(owner, cal.id)).id, frequency: 'daily', startsAt: '2030-05-01T08:00:00Z', timezone: 'UTC' }), 403);
    expectError(await call(null, 'GET', `${RM}/${master.id}`), 401);
    expectError(await call(null, 'PATCH', `${RI}/${inst!.id}`, { titleOverride: 'X' }), 401);
    expectError(await call(stranger, 'GET', `${RM}/${master.id}`), 404);
    expectError(await call(stranger, 'GET', `${RM}/${master.id}/instances?from=2030-01-01T00:00:00Z&to=2030-12-01T00:00:00Z`), 404);
    expectError(await call(stranger, 'PATCH', `${RI}/${inst!.id}`, { titleOverride: 'Theirs' }), 404);
    expectError(await call(owner, 'GET', `${RM}/${master.id}/instances`), 400);
    expectError(await call(owner, 'GET', `${RM}/${master.id}/instances?from=2030-01-01T00:00:00Z&to=2031-06-01T00:00:00Z`), 400);
    const [row] = await withDb((db) => db.select().from(recurrenceInstances).where(eq(recurrenceInstances.id, inst!.id)));
    expect(row).toMatchObject({ titleOverride: null, instanceState: 'generated' });
  });
});
