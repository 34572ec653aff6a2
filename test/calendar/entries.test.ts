// Calendar entries: create/read/list/update/delete with the change log, all-day local dates across a
// daylight-saving change, bounded windows, the status matrix (identical through /status and PATCH),
// approvals, the detail and change rules, participants and `respond`, invalid input (nothing
// written) and another tenant's ids (404, nothing changed).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalRequests } from '../../src/db/schema/access';
import { calendarEntries, calendarReminders, ENTRY_STATUSES } from '../../src/db/schema/calendar';
import { STATUS_TRANSITIONS } from '../../src/modules/calendar/entries/entries.rules';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { E, call, entryRows, insertReminder, mutationRows, newCalendar, newEntry, newGroup, participantRows } from './calendars-helpers';

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((e) => e.id);
const win = (from: string, to: string, more = '') => `${E}?from=${from}&to=${to}${more}`;

describe('create, read, list, update, delete', () => {
  it('stores instants in UTC with the zone, lists by window, updates and soft-deletes with the change log', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    const res = await call(owner, 'POST', E, { calendarId: cal.id, kind: 'booking', title: ' Dentist ', startsAt: '2030-01-10T10:00:00+01:00', endsAt: '2030-01-10T11:30:00+01:00', timezone: 'Europe/Zurich', locationName: 'Bahnhofstrasse 1', metadata: { room: 3 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectReferenceShape('POST', E, res);
    const id = res.body.data.id as string;
    expect(res.body.data).toMatchObject({ title: 'Dentist', kind: 'booking', status: 'confirmed', visibility: 'default', startsAt: '2030-01-10T09:00:00.000Z', endsAt: '2030-01-10T10:30:00.000Z', timezone: 'Europe/Zurich', isAllDay: false, localStartDate: null, localEndDateExclusive: null, approvalState: null, approvalRequestId: null, createdBy: owner.userId, metadata: { room: 3 }, locationPayload: {} });

    const got = await call(owner, 'GET', `${E}/${id}`);
    expectReferenceShape('GET', `${E}/{id}`, got);
    expect(got.body.data).toEqual(res.body.data);

    // Window [from, to): overlap, not containment; the end is exclusive; instants inside count.
    const instant = await newEntry(owner, cal.id, { kind: 'reminder_task', title: 'Call back', startsAt: '2030-01-10T12:00:00Z', endsAt: '2030-01-10T12:00:00Z' });
    const later = await newEntry(owner, cal.id, { startsAt: '2030-02-01T09:00:00Z', endsAt: '2030-02-01T10:00:00Z' });
    const list = await call(owner, 'GET', win('2030-01-10T10:00:00Z', '2030-01-11T00:00:00Z'));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expectReferenceShape('GET', E, list);
    expect(list.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(ids(list)).toEqual([id, instant.id]);
    expect(ids(await call(owner, 'GET', win('2030-01-10T10:30:00Z', '2030-01-10T12:00:00Z')))).toEqual([]);
    expect(ids(await call(owner, 'GET', win('2030-01-10T12:00:00Z', '2030-01-10T13:00:00Z')))).toEqual([instant.id]);
    expect(ids(await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2030-03-01T00:00:00Z', '&kind=booking')))).toEqual([id]);
    expect(ids(await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2030-03-01T00:00:00Z', '&limit=1&offset=2')))).toEqual([later.id]);
    expect((await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2030-03-01T00:00:00Z', '&limit=1&offset=9'))).body).toMatchObject({ data: [], total: 3 });
    const otherCal = await newCalendar(owner);
    expect((await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2030-03-01T00:00:00Z', `&calendarId=${otherCal.id}`))).body.total).toBe(0);

    const patched = await call(owner, 'PATCH', `${E}/${id}`, { title: 'Dentist (moved)', startsAt: '2030-01-12T09:00:00Z', endsAt: '2030-01-12T10:00:00Z', visibility: 'private' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expectReferenceShape('PATCH', `${E}/{id}`, patched);
    expect(patched.body.data).toMatchObject({ title: 'Dentist (moved)', startsAt: '2030-01-12T09:00:00.000Z', visibility: 'private', kind: 'booking' });
    expectError(await call(owner, 'PATCH', `${E}/${id}`, {}), 400);
    expectError(await call(owner, 'PATCH', `${E}/${id}`, { endsAt: '2030-01-12T08:00:00Z' }), 422);

    const reminder = await insertReminder(owner.tenantId, cal.id, id, { channel: 'email', enabled: true, nextTriggerAt: new Date('2030-01-12T08:45:00Z') });
    expect((await call(owner, 'DELETE', `${E}/${id}`)).status).toBe(204);
    expectError(await call(owner, 'GET', `${E}/${id}`), 404);
    expectError(await call(owner, 'DELETE', `${E}/${id}`), 404);
    const [row] = (await entryRows(owner.tenantId)).filter((r) => r.id === id);
    expect(row).toMatchObject({ deletedBy: owner.userId });
    const [rem] = await withDb((db) => db.select().from(calendarReminders).where(eq(calendarReminders.id, reminder)));
    expect(rem).toMatchObject({ isEnabled: false, deletedBy: owner.userId });
    expect((await mutationRows(cal.id)).filter((m) => m.entityId === id).map((m) => m.action)).toEqual(['created', 'updated', 'deleted']);
  });

  it('derives all-day local dates in the entry zone, across the March change in Zurich', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    // 29 March 2030 (a Friday) .. 1 April: Zurich midnight is 23:00Z before the change, 22:00Z after (31 March).
    const a = await newEntry(owner, cal.id, { isAllDay: true, startsAt: '2030-03-28T23:00:00Z', endsAt: '2030-03-31T22:00:00Z' });
    expect(a).toMatchObject({ localStartDate: '2030-03-29', localEndDateExclusive: '2030-04-01', isAllDay: true });
    // An end during a day covers that day; a zero-length all-day entry covers its day.
    const b = await newEntry(owner, cal.id, { isAllDay: true, startsAt: '2030-07-01T05:00:00Z', endsAt: '2030-07-01T05:00:00Z', timezone: 'America/New_York' });
    expect(b).toMatchObject({ localStartDate: '2030-07-01', localEndDateExclusive: '2030-07-02' });
    const c = await newEntry(owner, cal.id, { isAllDay: true, startsAt: '2030-11-03T04:00:00Z', endsAt: '2030-11-04T12:00:00Z', timezone: 'America/New_York' });
    expect(c).toMatchObject({ localStartDate: '2030-11-03', localEndDateExclusive: '2030-11-05' });
    // Changing the zone or the all-day flag derives them again.
    // (Tokyo: 08:00 on 29 March to 07:00 on 1 April, which the span then covers too.)
    const moved = await call(owner, 'PATCH', `${E}/${a.id}`, { timezone: 'Asia/Tokyo' });
    expect(moved.body.data).toMatchObject({ localStartDate: '2030-03-29', localEndDateExclusive: '2030-04-02' });
    const timed = await call(owner, 'PATCH', `${E}/${a.id}`, { isAllDay: false });
    expect(timed.body.data).toMatchObject({ localStartDate: null, localEndDateExclusive: null });
  });

  it('requires a bounded window', async () => {
    const owner = await newTenant();
    expectError(await call(owner, 'GET', E), 400);
    expectError(await call(owner, 'GET', `${E}?from=2030-01-01T00:00:00Z`), 400);
    expectError(await call(owner, 'GET', win('2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z')), 400);
    expectError(await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2031-01-03T00:00:00Z')), 400);
    expectError(await call(owner, 'GET', win('yesterday', '2030-01-01T00:00:00Z')), 400);
    expect((await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z'))).status).toBe(200);
  });
});

describe('status transitions', () => {
  it('follows one matrix through /status and PATCH alike', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    const seed = await newEntry(owner, cal.id);
    const setStatus = (status: (typeof ENTRY_STATUSES)[number]) => withDb((db) => db.update(calendarEntries).set({ status }).where(eq(calendarEntries.id, seed.id)));
    const statusNow = async () => (await withDb((db) => db.select().from(calendarEntries).where(eq(calendarEntries.id, seed.id))))[0]!.status;
    for (const from of ENTRY_STATUSES) {
      for (const to of ENTRY_STATUSES) {
        const allowed = from === to || STATUS_TRANSITIONS[from].includes(to);
        for (const via of ['status', 'patch'] as const) {
          await setStatus(from);
          const res = via === 'status' ? await call(owner, 'POST', `${E}/${seed.id}/status`, { status: to }) : await call(owner, 'PATCH', `${E}/${seed.id}`, { status: to });
          if (allowed) {
            expect(res.status, `${via} ${from} → ${to}: ${JSON.stringify(res.body)}`).toBe(200);
            expect(res.body.data.status).toBe(to);
          } else {
            expectError(res, 422);
            expect(res.body.details).toMatchObject({ reason: 'INVALID_STATUS_TRANSITION', from, to });
            expect(await statusNow(), `${via} ${from} → ${to}`).toBe(from);
          }
        }
      }
    }
    await setStatus('cancelled');
    expectReferenceShape('POST', `${E}/{id}/status`, await call(owner, 'POST', `${E}/${seed.id}/status`, { status: 'draft' }));
    expectError(await call(owner, 'POST', `${E}/${seed.id}/status`, { status: 'done' }), 400);
  });
});

describe('approval of new entries', () => {
  it('keeps an entry pending until decided: approval confirms it, rejection cancels it, delete withdraws it', async () => {
    const owner = await newTenant();
    const set = await api('/api/v1/secure/tenant/approval-settings/calendar_entry', { method: 'PATCH', headers: owner.auth, json: { requires_approval: true, config: { auto_approve_roles: ['owner'] } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const member = await addMember(owner.tenantId, 'member');
    const viewer = await addMember(owner.tenantId, 'member');
    const cal = await newCalendar(member, { visibility: 'public_within_tenant' });
    expect((await newEntry(owner, cal.id)).approvalState).toBeNull();
    const a = await newEntry(member, cal.id, { title: 'Needs approval' });
    const b = await newEntry(member, cal.id, { title: 'Will be rejected', status: 'tentative' });
    expect(a).toMatchObject({ approvalState: 'pending', status: 'tentative' });
    expect(a.approvalRequestId).toEqual(expect.any(String));
    // Only its managers, owner and creator see it; it cannot be confirmed yet.
    expectError(await call(viewer, 'GET', `${E}/${a.id}`), 404);
    expect((await call(viewer, 'GET', win('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z'))).body.total).toBe(1);
    const early = await call(member, 'POST', `${E}/${a.id}/status`, { status: 'confirmed' });
    expectError(early, 422);
    expect(early.body.details).toMatchObject({ reason: 'APPROVAL_PENDING' });
    expect((await api(`/api/v1/secure/approvals/${a.approvalRequestId}/approve`, { method: 'POST', headers: owner.auth, json: {} })).status).toBe(200);
    expect((await api(`/api/v1/secure/approvals/${b.approvalRequestId}/reject`, { method: 'POST', headers: owner.auth, json: { rejection_reason: 'Room taken' } })).status).toBe(200);
    expect((await call(viewer, 'GET', `${E}/${a.id}`)).body.data).toMatchObject({ approvalState: 'approved', status: 'confirmed' });
    expect((await call(member, 'GET', `${E}/${b.id}`)).body.data).toMatchObject({ approvalState: 'rejected', status: 'cancelled' });

    const c = await newEntry(member, cal.id, { title: 'Deleted while pending' });
    expect((await call(member, 'DELETE', `${E}/${c.id}`)).status).toBe(204);
    const [withdrawn] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, c.approvalRequestId as string)));
    expect(withdrawn).toMatchObject({ status: 'cancelled' });
  });
});

describe('who sees and who changes an entry', () => {
  it('hides private details from viewers, lets the owner change their entry, refuses others', async () => {
    const owner = await newTenant();
    const manager = await addMember(owner.tenantId, 'member');
    const viewer = await addMember(owner.tenantId, 'member');
    const assignee = await addMember(owner.tenantId, 'member');
    const outsider = await addMember(owner.tenantId, 'member');
    const publicCal = await newCalendar(manager, { visibility: 'public_within_tenant' });
    const privateCal = await newCalendar(manager);
    const open = await newEntry(manager, publicCal.id, { title: 'Open', ownerUserId: assignee.userId });
    const secret = await newEntry(manager, publicCal.id, { title: 'Secret', visibility: 'private', metadata: { participants: [{ userId: viewer.userId }] } });
    const hidden = await newEntry(manager, privateCal.id, { title: 'Hidden' });
    const all = win('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z');

    expect(ids(await call(manager, 'GET', all)).sort()).toEqual([open.id, secret.id, hidden.id].sort());
    expect(ids(await call(outsider, 'GET', all))).toEqual([open.id]);
    expect(ids(await call(viewer, 'GET', all)).sort()).toEqual([open.id, secret.id].sort());
    expectError(await call(outsider, 'GET', `${E}/${secret.id}`), 404);
    expectError(await call(outsider, 'GET', `${E}/${hidden.id}`), 404);
    expect((await call(owner, 'GET', `${E}/${hidden.id}`)).status).toBe(200);

    // Changes: the calendar's managers and the entry's owner; a viewer gets 403, nothing changes.
    const refused = await call(outsider, 'PATCH', `${E}/${open.id}`, { title: 'Hijacked' });
    expectError(refused, 403);
    expect(refused.body.details).toMatchObject({ reason: 'ENTRY_NOT_MANAGEABLE' });
    expectError(await call(viewer, 'POST', `${E}/${secret.id}/status`, { status: 'cancelled' }), 403);
    expectError(await call(outsider, 'DELETE', `${E}/${open.id}`), 403);
    expectError(await call(outsider, 'POST', E, { calendarId: publicCal.id, kind: 'event', title: 'X', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-01T01:00:00Z', timezone: 'UTC' }), 403);
    expect((await call(assignee, 'PATCH', `${E}/${open.id}`, { title: 'Renamed by owner' })).status).toBe(200);
    expect((await call(assignee, 'POST', `${E}/${open.id}/status`, { status: 'completed' })).body.data.status).toBe('completed');
    expect((await entryRows(owner.tenantId)).find((r) => r.id === secret.id)!.status).toBe('confirmed');
  });
});

describe('participants and respond', () => {
  it('records responses for named users and for members of named groups', async () => {
    const owner = await newTenant();
    const alice = await addMember(owner.tenantId, 'member');
    const bob = await addMember(owner.tenantId, 'guest');
    const carol = await addMember(owner.tenantId, 'member');
    const stranger = await addMember(owner.tenantId, 'member');
    const team = await newGroup(owner.tenantId, [bob.userId, carol.userId]);
    const cal = await newCalendar(owner, { kind: 'tenant_shared', linkedUserId: undefined, visibility: 'public_within_tenant' });
    const e = await newEntry(owner, cal.id, { ownerUserId: owner.userId, metadata: { participants: [{ userId: alice.userId, role: 'assignee' }, { groupId: team }] } });
    expect((await participantRows(e.id)).map((p) => [p.actorType, p.actorUserId ?? p.actorGroupId, p.role, p.responseStatus]).sort()).toEqual(
      [
        ['group', team, 'attendee', 'pending'],
        ['user', alice.userId, 'assignee', 'pending'],
        ['user', owner.userId, 'owner', 'pending'],
      ].sort(),
    );

    const res = await call(alice, 'POST', `${E}/${e.id}/respond`, { responseStatus: 'accepted' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('POST', `${E}/{id}/respond`, res);
    expect(res.body.data).toMatchObject({ calendarEntryId: e.id, actorType: 'user', actorUserId: alice.userId, role: 'assignee', responseStatus: 'accepted' });
    // A guest member of the group answers on a row of their own; the group stays pending.
    const viaGroup = await call(bob, 'POST', `${E}/${e.id}/respond`, { responseStatus: 'declined' });
    expect(viaGroup.status, JSON.stringify(viaGroup.body)).toBe(200);
    expect(viaGroup.body.data).toMatchObject({ actorType: 'user', actorUserId: bob.userId, role: 'attendee', responseStatus: 'declined' });
    expect((await call(bob, 'POST', `${E}/${e.id}/respond`, { responseStatus: 'tentative' })).body.data.id).toBe(viaGroup.body.data.id);
    const notMine = await call(stranger, 'POST', `${E}/${e.id}/respond`, { responseStatus: 'accepted' });
    expectError(notMine, 403);
    expect(notMine.body.details).toMatchObject({ reason: 'NOT_A_PARTICIPANT' });
    expectError(await call(alice, 'POST', `${E}/${e.id}/respond`, { responseStatus: 'maybe' }), 400);

    // Replacing the participants keeps the answers of those who stay (Bob through the group).
    const patched = await call(owner, 'PATCH', `${E}/${e.id}`, { metadata: { participants: [{ groupId: team }, { userId: stranger.userId }] } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const live = (await participantRows(e.id)).filter((p) => !p.deletedAt);
    expect(live.map((p) => [p.actorUserId ?? p.actorGroupId, p.responseStatus]).sort()).toEqual(
      [
        [team, 'pending'],
        [bob.userId, 'tentative'],
        [owner.userId, 'pending'],
        [stranger.userId, 'pending'],
      ].sort(),
    );
    expectError(await call(alice, 'POST', `${E}/${e.id}/respond`, { responseStatus: 'accepted' }), 403);
    // Carol, who never answered, has no row of her own: the group's row stands for her.
    expect(live.some((p) => p.actorUserId === carol.userId)).toBe(false);
  });
});

describe('invalid input, credentials and other tenants', () => {
  it('refuses bad bodies with a clear error and writes nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const cal = await newCalendar(owner);
    const foreignCal = await newCalendar(other);
    const base = { calendarId: cal.id, kind: 'event', title: 'T', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z', timezone: 'UTC' };
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ ...base, endsAt: '2030-01-01T09:00:00Z' }, 422, 'INVALID_SPAN'],
      [{ ...base, timezone: 'Mars/Olympus' }, 422, 'INVALID_TIMEZONE'],
      [{ ...base, title: '   ' }, 422, 'TITLE_BLANK'],
      [{ ...base, title: 'x'.repeat(256) }, 400],
      [{ ...base, kind: 'party' }, 400],
      [{ ...base, startsAt: 'tomorrow' }, 400],
      [{ ...base, color: 'red' }, 400],
      [{ ...base, title: 'nul\u0000byte' }, 400],
      [{ ...base, ownerUserId: other.userId }, 422, 'ACTOR_NOT_FOUND'],
      [{ ...base, metadata: { participants: [{ userId: other.userId }] } }, 422, 'ACTOR_NOT_FOUND'],
      [{ ...base, metadata: { participants: [{ email: 'x@example.test' }] } }, 422, 'INVALID_PARTICIPANTS'],
      [{ ...base, calendarId: foreignCal.id }, 404],
    ];
    for (const [body, status, reason] of cases) {
      const res = await call(owner, 'POST', E, body);
      expect(res.status, `${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(res.body)}`).toBe(status);
      expectError(res, status);
      if (reason) expect(res.body.details).toMatchObject({ reason });
    }
    expect(await entryRows(owner.tenantId)).toEqual([]);
    expect(await entryRows(other.tenantId)).toEqual([]);
  });

  it('answers 401 without credentials and 404 for another tenant\'s entries, changing nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const cal = await newCalendar(other);
    const theirs = await newEntry(other, cal.id, { metadata: { participants: [{ userId: other.userId }] } });
    expectError(await call(null, 'GET', win('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')), 401);
    expectError(await call(null, 'POST', E, { calendarId: cal.id }), 401);
    expectError(await call(null, 'GET', `${E}/${theirs.id}`), 401);
    expect((await call(owner, 'GET', win('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z', `&calendarId=${cal.id}`))).body).toMatchObject({ data: [], total: 0 });
    for (const [method, path, body] of [
      ['GET', `${E}/${theirs.id}`, undefined],
      ['PATCH', `${E}/${theirs.id}`, { title: 'Mine now' }],
      ['DELETE', `${E}/${theirs.id}`, undefined],
      ['POST', `${E}/${theirs.id}/status`, { status: 'cancelled' }],
      ['POST', `${E}/${theirs.id}/respond`, { responseStatus: 'accepted' }],
    ] as const) {
      expectError(await call(owner, method, path, body), 404);
    }
    const [row] = await entryRows(other.tenantId);
    expect(row).toMatchObject({ title: 'Meeting', status: 'confirmed', deletedAt: null });
    expect((await participantRows(theirs.id))[0]).toMatchObject({ responseStatus: 'pending' });
  });
});
