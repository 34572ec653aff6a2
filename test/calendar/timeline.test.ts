// The window view and free-busy: single entries and recurrence instances together, the visibility
// rules (a private entry is busy without details), statuses left out, the bounded window, calendar
// selection, an integrator with only free-busy, and another tenant's calendars (nothing shown).
import { describe, expect, it } from 'vitest';
import { addMember } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { C, call, insertSeries, newCalendar, newEntry } from './calendars-helpers';

const W = `${C}/window`;
const FB = `${C}/free-busy`;
const JAN = '?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';

/** A tenant whose manager has a public calendar (open, private, draft, cancelled entries and a series) and a private one. */
async function scene() {
  const owner = await newTenant();
  const manager = await addMember(owner.tenantId, 'member');
  const viewer = await addMember(owner.tenantId, 'member');
  const pub = await newCalendar(manager, { visibility: 'public_within_tenant' });
  const priv = await newCalendar(manager);
  const at = (day: number, hour: number) => `2030-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const open = await newEntry(manager, pub.id, { title: 'Open', startsAt: at(10, 9), endsAt: at(10, 10), locationName: 'Room 1' });
  const secret = await newEntry(manager, pub.id, { title: 'Secret', visibility: 'private', startsAt: at(11, 9), endsAt: at(11, 10), locationName: 'Room 2' });
  const draft = await newEntry(manager, pub.id, { title: 'Draft', status: 'draft', startsAt: at(12, 9), endsAt: at(12, 10) });
  await newEntry(manager, pub.id, { title: 'Cancelled', status: 'cancelled', startsAt: at(13, 9), endsAt: at(13, 10) });
  const hidden = await newEntry(manager, priv.id, { title: 'Hidden', startsAt: at(14, 9), endsAt: at(14, 10) });
  const root = await newEntry(manager, pub.id, { title: 'Standup', startsAt: at(20, 8), endsAt: at(20, 9) });
  const series = await insertSeries(owner.tenantId, pub.id, root.id, [
    { startsAt: at(20, 8), endsAt: at(20, 9) },
    { startsAt: at(21, 8), endsAt: at(21, 9), state: 'overridden', titleOverride: 'Standup (long)' },
    { startsAt: at(22, 8), endsAt: at(22, 9), state: 'cancelled' },
    { startsAt: '2030-02-03T08:00:00.000Z', endsAt: '2030-02-03T09:00:00.000Z' },
  ]);
  return { owner, manager, viewer, pub, priv, open, secret, draft, hidden, series, at };
}

describe('window', () => {
  it('merges entries and instances by start, shows undetailed private entries as Busy, leaves cancelled out', async () => {
    const s = await scene();
    const mine = await call(s.manager, 'GET', W + JAN);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expectReferenceShape('GET', W, mine);
    expect(mine.body.data.map((i: { title: string }) => i.title)).toEqual(['Open', 'Secret', 'Draft', 'Hidden', 'Standup', 'Standup (long)']);
    expect(mine.body.data[0]).toEqual({ id: s.open.id, title: 'Open', start: s.at(10, 9), end: s.at(10, 10), location: 'Room 1' });
    expect(mine.body.data[4].id).toBe(s.series.instanceIds[0]);

    const theirs = await call(s.viewer, 'GET', W + JAN);
    expect(theirs.body.data.map((i: { title: string }) => i.title)).toEqual(['Open', 'Busy', 'Draft', 'Standup', 'Standup (long)']);
    expect(theirs.body.data[1]).toEqual({ id: s.secret.id, title: 'Busy', start: s.at(11, 9), end: s.at(11, 10) });
    expect(JSON.stringify(theirs.body)).not.toContain('Room 2');

    const only = await call(s.manager, 'GET', `${W}${JAN}&calendarIds=${s.priv.id}`);
    expect(only.body.data.map((i: { id: string }) => i.id)).toEqual([s.hidden.id]);
    expect((await call(s.viewer, 'GET', `${W}${JAN}&calendarIds=${s.priv.id}`)).body.data).toEqual([]);
    expect((await call(s.manager, 'GET', `${W}?from=2030-01-10T09:30:00Z&to=2030-01-10T09:45:00Z`)).body.data.map((i: { id: string }) => i.id)).toEqual([s.open.id]);
  });
});

describe('free-busy', () => {
  it('answers busy slots of every visible calendar, private ones included, drafts and cancelled left out', async () => {
    const s = await scene();
    const res = await call(s.viewer, 'GET', FB + JAN);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('GET', FB, res);
    expect(res.body.data).toMatchObject({ windowStartsAt: '2030-01-01T00:00:00.000Z', windowEndsAt: '2030-02-01T00:00:00.000Z' });
    expect(res.body.data.slots).toEqual([
      { calendarId: s.pub.id, startsAt: s.at(10, 9), endsAt: s.at(10, 10), status: 'confirmed', isAllDay: false },
      { calendarId: s.pub.id, startsAt: s.at(11, 9), endsAt: s.at(11, 10), status: 'confirmed', isAllDay: false },
      { calendarId: s.pub.id, startsAt: s.at(20, 8), endsAt: s.at(20, 9), status: 'confirmed', isAllDay: false },
      { calendarId: s.pub.id, startsAt: s.at(21, 8), endsAt: s.at(21, 9), status: 'confirmed', isAllDay: false },
    ]);
    // The manager also sees the private calendar's time.
    expect((await call(s.manager, 'GET', FB + JAN)).body.data.slots).toHaveLength(5);
  });

  it('lets an integrator with only free-busy see every calendar\'s busy time, and nothing else', async () => {
    const s = await scene();
    const key = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: s.owner.auth, json: { name: 'Booking', permissions: { calendar: { free_busy: true } } } });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    const asKey = { headers: { 'x-api-key': key.body.fullKey as string } };
    const res = await api(FB + JAN, asKey);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.slots.map((x: { calendarId: string }) => x.calendarId).sort()).toEqual([s.pub.id, s.pub.id, s.pub.id, s.pub.id, s.priv.id].sort());
    expectError(await api(W + JAN, asKey), 403);
    expectError(await api(`${C}/entries${JAN}`, asKey), 403);
  });

  it('requires a bounded window and credentials; another tenant\'s calendars show nothing', async () => {
    const s = await scene();
    const stranger: SignedIn = await newTenant();
    for (const path of [FB, W]) {
      expectError(await call(s.viewer, 'GET', path), 400);
      expectError(await call(s.viewer, 'GET', `${path}?from=2030-01-01T00:00:00Z&to=2030-03-05T00:00:00Z`), 400);
      expectError(await call(s.viewer, 'GET', `${path}${JAN}&calendarIds=not-a-uuid`), 400);
      expectError(await call(null, 'GET', path + JAN), 401);
      const foreign = await call(stranger, 'GET', `${path}${JAN}&calendarIds=${s.pub.id},${s.priv.id}`);
      expect(foreign.status).toBe(200);
      expect(path === FB ? foreign.body.data.slots : foreign.body.data).toEqual([]);
    }
  });
});
