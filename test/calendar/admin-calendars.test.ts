// Admin calendars: every calendar of the tenant (deleted ones too) for calendar admins only, the
// policy with provenance, operations from the change log, reminder health, visit reset; another
// tenant's ids are 404 and nothing is written.
import { describe, expect, it } from 'vitest';
import { addMember } from '../helpers/db';
import { expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { A, C, call, insertDelivery, insertEntry, insertReminder, mutationRows, newCalendar, setVisits } from './calendars-helpers';

describe('admin calendars', () => {
  it('lists live and deleted calendars, shows detail, operations and reminder health', async () => {
    const owner = await newTenant();
    const live = await newCalendar(owner, { name: 'Admin live' });
    const gone = await newCalendar(owner, { name: 'Admin gone' });
    expect((await call(owner, 'DELETE', `${C}/${gone.id}`)).status).toBe(204);

    const all = await call(owner, 'GET', `${A}/`);
    expect(all.status).toBe(200);
    expectReferenceShape('GET', `${A}/`, all);
    expect(all.body.data.map((r: { id: string; activeState: string }) => [r.id, r.activeState]).sort()).toEqual([[live.id, 'active'], [gone.id, 'deleted']].sort());
    const deleted = await call(owner, 'GET', `${A}/?activeState=deleted`);
    expect(deleted.body.data.map((r: { id: string }) => r.id)).toEqual([gone.id]);

    const entry = await insertEntry(owner.tenantId, live.id, 24);
    await insertEntry(owner.tenantId, live.id, -24); // past: not counted as future
    const due = new Date(Date.now() - 60_000);
    // No target: a dispatcher tick of another test file (they share the database) leaves it due.
    const reminder = await insertReminder(owner.tenantId, live.id, entry, { channel: 'email', enabled: true, nextTriggerAt: due, noTarget: true });
    await insertReminder(owner.tenantId, live.id, entry, { channel: 'sms', enabled: false, nextTriggerAt: null });
    await insertDelivery(owner.tenantId, live.id, reminder, entry, 'dead');
    await insertDelivery(owner.tenantId, live.id, reminder, entry, 'sent');

    const detail = await call(owner, 'GET', `${A}/${live.id}`);
    expect(detail.status).toBe(200);
    expectReferenceShape('GET', `${A}/{calendarId}`, detail);
    expect(detail.body.data.statistics).toMatchObject({ totalReminderCount: 2, enabledReminderCount: 1, futureEntryCount: 1, nextReminderTriggerAt: due.toISOString() });
    expect((await call(owner, 'GET', `${A}/${gone.id}`)).body.data.calendar.deletedAt).not.toBeNull();

    const ops = await call(owner, 'GET', `${A}/${live.id}/operations?futureWindowDays=7`);
    expect(ops.status).toBe(200);
    expectReferenceShape('GET', `${A}/{calendarId}/operations`, ops);
    expect(ops.body.data.counters).toEqual({ futureEntryCount: 1, futureInstanceCount: 0, pendingReminderCount: 1, recentMutationCount: 1 });
    expect(ops.body.data.recentMutations[0]).toMatchObject({ entityType: 'calendar', entityId: live.id, action: 'created' });
    expect(ops.body.data.dispatchFailures).toMatchObject({ available: true, count: 1 });

    const health = await call(owner, 'GET', `${A}/${live.id}/reminders?limit=1`);
    expect(health.status).toBe(200);
    expectReferenceShape('GET', `${A}/{calendarId}/reminders`, health);
    expect(health.body.data.summary).toMatchObject({ total: 2, enabled: 1, disabled: 1, dueCount: 1, channels: { in_app: 0, email: 1, sms: 1, webhook: 0 } });
    expect(health.body.data.reminders.map((r: { id: string }) => r.id)).toEqual([reminder]);
  });

  it('sets policy overrides with provenance, resets visits, refuses deleted calendars (409)', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    const before = await call(owner, 'GET', `${A}/${cal.id}`);
    expect(before.body.data.policy).toMatchObject({ sharePosture: 'private', adminNotes: null, provenance: { sharePosture: 'calendar_default', adminNotes: 'calendar_default' } });

    const set = await call(owner, 'PATCH', `${A}/${cal.id}/policy`, { sharePosture: 'shared', adminNotes: 'Check weekly' });
    expect(set.status).toBe(200);
    expectReferenceShape('PATCH', `${A}/{calendarId}/policy`, set);
    expect(set.body.data).toMatchObject({ sharePosture: 'shared', adminNotes: 'Check weekly', provenance: { sharePosture: 'calendar_override', adminNotes: 'calendar_override', bookingPolicy: 'calendar_default' } });
    const cleared = await call(owner, 'PATCH', `${A}/${cal.id}/policy`, { adminNotes: null });
    expect(cleared.body.data).toMatchObject({ sharePosture: 'shared', adminNotes: null, provenance: { adminNotes: 'calendar_default' } });
    const logged = (await mutationRows(cal.id)).length;
    expectError(await call(owner, 'PATCH', `${A}/${cal.id}/policy`, {}), 400);
    expectError(await call(owner, 'PATCH', `${A}/${cal.id}/policy`, { sharePosture: 'everyone' }), 400);
    expect((await mutationRows(cal.id)).length).toBe(logged);

    await setVisits(cal.id, 5);
    const reset = await call(owner, 'POST', `${A}/${cal.id}/visit-metrics/reset`, { reason: 'Audit' });
    expect(reset.status).toBe(200);
    expect(reset.body.data).toMatchObject({ entityId: cal.id, totalVisits: 0, lastResetReason: 'Audit', lastResetByActorId: owner.userId });

    expect((await call(owner, 'DELETE', `${C}/${cal.id}`)).status).toBe(204);
    expectError(await call(owner, 'PATCH', `${A}/${cal.id}/policy`, { adminNotes: 'late' }), 409);
    expectError(await call(owner, 'POST', `${A}/${cal.id}/visit-metrics/reset`, {}), 409);
  });

  it('answers only calendar admins of the tenant: 401, 403 for a member, 404 for another tenant', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const cal = await newCalendar(owner);
    const member = await addMember(owner.tenantId, 'member');
    for (const path of [`${A}/`, `${A}/${cal.id}`, `${A}/${cal.id}/operations`, `${A}/${cal.id}/reminders`]) {
      expectError(await call(null, 'GET', path), 401);
      expectError(await call(member, 'GET', path), 403);
    }
    expectError(await call(member, 'PATCH', `${A}/${cal.id}/policy`, { adminNotes: 'x' }), 403);
    expect((await call(other, 'GET', `${A}/`)).body.data).toEqual([]);
    for (const path of [`${A}/${cal.id}`, `${A}/${cal.id}/operations`, `${A}/${cal.id}/reminders`]) expectError(await call(other, 'GET', path), 404);
    expectError(await call(other, 'PATCH', `${A}/${cal.id}/policy`, { adminNotes: 'x' }), 404);
    expectError(await call(other, 'POST', `${A}/${cal.id}/visit-metrics/reset`, {}), 404);
    expect((await call(owner, 'GET', `${A}/${cal.id}`)).body.data.policy.adminNotes).toBeNull();
  });
});
