// Calendars: create/read/update/soft delete with the change log, the kind/linkage invariant, zones
// and type definitions, list filters and paging, the visibility and manage rules, visit-metric
// resets, and another tenant's ids (404 / 422, nothing written).
import { describe, expect, it } from 'vitest';
import { addMember } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { newResource } from '../directory/resources-helpers';
import { newSpace } from '../directory/spaces-helpers';
import { C, addSpaceMember, calendarRows, call, mutationRows, newCalendar, newTypeDefinition, setVisits } from './calendars-helpers';

describe('create, read, update, delete', () => {
  it('creates, reads (no visit counted), updates and soft-deletes a calendar, logging each change', async () => {
    const owner = await newTenant();
    const td = await newTypeDefinition(owner.tenantId, 'calendar');
    const res = await call(owner, 'POST', `${C}/`, { kind: 'user_linked', linkedUserId: owner.userId, name: ' Mine ', timezone: 'Europe/Zurich', typeDefinitionId: td, metadata: { color: 'red' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectReferenceShape('POST', `${C}/`, res);
    const id = res.body.data.id as string;
    expect(res.body.data).toMatchObject({ name: 'Mine', kind: 'user_linked', visibility: 'private', timezone: 'Europe/Zurich', typeDefinitionId: td, metadata: { color: 'red' }, policy: {}, linkedEntity: { userId: owner.userId, resourceId: null, spaceId: null }, createdBy: owner.userId, deletedAt: null, totalVisits: 0 });

    const got = await call(owner, 'GET', `${C}/${id}`);
    expectReferenceShape('GET', `${C}/{id}`, got);
    expect(got.body.data.id).toBe(id);
    await setVisits(id, 3);
    await call(owner, 'GET', `${C}/${id}`);
    expect((await calendarRows(owner.tenantId))[0]!.totalVisits).toBe(3);

    const patched = await call(owner, 'PATCH', `${C}/${id}`, { name: 'Renamed', visibility: 'public_within_tenant', timezone: 'America/New_York', description: 'D' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expectReferenceShape('PATCH', `${C}/{id}`, patched);
    expect(patched.body.data).toMatchObject({ name: 'Renamed', visibility: 'public_within_tenant', timezone: 'America/New_York', description: 'D', kind: 'user_linked' });

    const list = await call(owner, 'GET', `${C}/`);
    expectReferenceShape('GET', `${C}/`, list);
    expect(list.body).toMatchObject({ total: 1, limit: 20, offset: 0 });

    const del = await call(owner, 'DELETE', `${C}/${id}`);
    expect(del.status).toBe(204);
    expectError(await call(owner, 'GET', `${C}/${id}`), 404);
    expectError(await call(owner, 'PATCH', `${C}/${id}`, { name: 'X' }), 404);
    expect((await call(owner, 'GET', `${C}/`)).body.total).toBe(0);
    const [row] = await calendarRows(owner.tenantId);
    expect(row!.deletedAt).not.toBeNull();
    expect(row!.deletedBy).toBe(owner.userId);
    expect((await mutationRows(id)).map((m) => [m.entityType, m.action, m.actorId])).toEqual([
      ['calendar', 'created', owner.userId],
      ['calendar', 'updated', owner.userId],
      ['calendar', 'deleted', owner.userId],
    ]);
  });

  it('links resource, space and tenant calendars by their kind', async () => {
    const owner = await newTenant();
    const space = await newSpace(owner);
    const resource = await newResource(owner);
    const s = await newCalendar(owner, { kind: 'space_linked', linkedUserId: undefined, linkedSpaceId: space.id, visibility: 'shared' });
    const r = await newCalendar(owner, { kind: 'resource_linked', linkedUserId: undefined, linkedResourceId: resource.id });
    const t = await newCalendar(owner, { kind: 'tenant_shared', linkedUserId: undefined, visibility: 'public_within_tenant' });
    expect(s.linkedEntity).toEqual({ userId: null, resourceId: null, spaceId: space.id });
    expect(r.linkedEntity).toEqual({ userId: null, resourceId: resource.id, spaceId: null });
    expect(t.linkedEntity).toEqual({ userId: null, resourceId: null, spaceId: null });
    // Filters and paging.
    const bySpace = await call(owner, 'GET', `${C}/?linkedSpaceId=${space.id}`);
    expect(bySpace.body.data.map((c: { id: string }) => c.id)).toEqual([s.id]);
    expect((await call(owner, 'GET', `${C}/?kind=tenant_shared`)).body.data.map((c: { id: string }) => c.id)).toEqual([t.id]);
    expect((await call(owner, 'GET', `${C}/?visibility=shared`)).body.data.map((c: { id: string }) => c.id)).toEqual([s.id]);
    expect((await call(owner, 'GET', `${C}/?linkedResourceId=${resource.id}`)).body.total).toBe(1);
    const named = await newCalendar(owner, { name: 'Zeta findme' });
    expect((await call(owner, 'GET', `${C}/?q=FINDME`)).body.data.map((c: { id: string }) => c.id)).toEqual([named.id]);
    const page = await call(owner, 'GET', `${C}/?limit=2&offset=2`);
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(page.body.data).toHaveLength(2);
    expect((await call(owner, 'GET', `${C}/?limit=2&offset=10`)).body).toMatchObject({ data: [], total: 4 });
  });

  it('refuses invalid input with a clear error and writes nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const foreignSpace = await newSpace(other);
    const base = { kind: 'user_linked', linkedUserId: owner.userId, name: 'A', timezone: 'UTC' };
    for (const body of [{}, { ...base, kind: 'team' }, { ...base, name: '' }, { ...base, name: 'x'.repeat(256) }, { ...base, timezone: 'x'.repeat(65) }, { ...base, linkedUserId: 'nope' }, { ...base, extra: 1 }, { ...base, visibility: 'everyone' }, { ...base, description: 'x'.repeat(2001) }]) {
      expectError(await call(owner, 'POST', `${C}/`, body), 400);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, linkedUserId: undefined }, 'INVALID_LINKAGE'],
      [{ ...base, kind: 'tenant_shared', linkedUserId: undefined, linkedSpaceId: foreignSpace.id }, 'INVALID_LINKAGE'],
      [{ ...base, linkedSpaceId: foreignSpace.id }, 'INVALID_LINKAGE'],
      [{ ...base, timezone: 'Mars/Olympus' }, 'INVALID_TIMEZONE'],
      [{ ...base, name: '   ' }, 'NAME_BLANK'],
      [{ ...base, linkedUserId: other.userId }, 'LINKED_PARENT_NOT_FOUND'],
      [{ ...base, kind: 'space_linked', linkedUserId: undefined, linkedSpaceId: foreignSpace.id }, 'LINKED_PARENT_NOT_FOUND'],
      [{ ...base, kind: 'resource_linked', linkedUserId: undefined, linkedResourceId: crypto.randomUUID() }, 'LINKED_PARENT_NOT_FOUND'],
      [{ ...base, typeDefinitionId: await newTypeDefinition(owner.tenantId, 'calendar', false) }, 'INVALID_TYPE_DEFINITION'],
      [{ ...base, typeDefinitionId: await newTypeDefinition(owner.tenantId, 'space') }, 'INVALID_TYPE_DEFINITION'],
    ];
    for (const [body, reason] of cases) {
      const res = await call(owner, 'POST', `${C}/`, body);
      expectError(res, 422);
      expect(res.body.details.reason, JSON.stringify(body)).toBe(reason);
    }
    expectError(await call(owner, 'POST', `${C}/`, { ...base, typeDefinitionId: await newTypeDefinition(other.tenantId, 'calendar') }), 404);
    expect(await calendarRows(owner.tenantId)).toEqual([]);

    const cal = await newCalendar(owner);
    for (const body of [{}, { kind: 'tenant_shared' }, { linkedUserId: other.userId }, { name: '' }, { visibility: 'x' }, { name: 'A\u0000B' }]) {
      expectError(await call(owner, 'PATCH', `${C}/${cal.id}`, body), 400);
    }
    expectError(await call(owner, 'PATCH', `${C}/${cal.id}`, { timezone: 'Nowhere/City' }), 422);
    expectError(await call(owner, 'PATCH', `${C}/${cal.id}`, { typeDefinitionId: crypto.randomUUID() }), 404);
    expectError(await call(owner, 'GET', `${C}/not-a-uuid`), 400);
    expectError(await call(owner, 'GET', `${C}/?limit=0`), 400);
    expect((await calendarRows(owner.tenantId))[0]).toMatchObject({ name: cal.name, timezone: 'Europe/Zurich', typeDefinitionId: null });
    expect((await mutationRows(cal.id)).length).toBe(1);

    expectError(await call(null, 'POST', `${C}/`, base), 401);
    expectError(await call(null, 'GET', `${C}/`), 401);
    expectError(await api(`${C}/${cal.id}`, { method: 'GET', headers: { authorization: 'Bearer nope' } }), 401);
    expectError(await call(null, 'PATCH', `${C}/${cal.id}`, { name: 'X' }), 401);
    expectError(await call(null, 'DELETE', `${C}/${cal.id}`), 401);
    expectError(await call(null, 'POST', `${C}/${cal.id}/visit-metrics/reset`, {}), 401);
  });

  it("hides another tenant's calendars (404, nothing changed)", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const cal = await newCalendar(a, { name: 'Secret', visibility: 'public_within_tenant' });
    for (const [m, p, body] of [['GET', `/${cal.id}`], ['PATCH', `/${cal.id}`, { name: 'Stolen' }], ['DELETE', `/${cal.id}`], ['POST', `/${cal.id}/visit-metrics/reset`, { reason: 'x' }]] as const) {
      const res = await call(b, m, `${C}${p}`, body);
      expectError(res, 404);
      expect(JSON.stringify(res.body)).not.toContain('Secret');
    }
    expect((await call(b, 'GET', `${C}/?linkedUserId=${a.userId}`)).body).toMatchObject({ data: [], total: 0 });
    expect((await calendarRows(a.tenantId))[0]).toMatchObject({ name: 'Secret', deletedAt: null });
  });
});

describe('visibility and manage rules', () => {
  it('private to its managers, shared with the space members, public to the tenant', async () => {
    const owner = await newTenant();
    const [m1, m2, m3] = [await addMember(owner.tenantId), await addMember(owner.tenantId), await addMember(owner.tenantId)];
    const mine = await newCalendar(m1);
    const space = await newSpace(owner);
    await addSpaceMember(owner.tenantId, space.id, m2.userId);
    const shared = await newCalendar(owner, { kind: 'space_linked', linkedUserId: undefined, linkedSpaceId: space.id, visibility: 'shared' });
    const spacePrivate = await newCalendar(owner, { kind: 'space_linked', linkedUserId: undefined, linkedSpaceId: space.id, visibility: 'private' });
    const open = await newCalendar(owner, { kind: 'tenant_shared', linkedUserId: undefined, visibility: 'public_within_tenant' });
    const ids = async (who: typeof m1) => ((await call(who, 'GET', `${C}/`)).body.data as { id: string }[]).map((c) => c.id).sort();

    expect(await ids(m1)).toEqual([mine.id, open.id].sort());
    expect(await ids(m2)).toEqual([shared.id, open.id].sort());
    expect(await ids(m3)).toEqual([open.id]);
    expect(await ids(owner)).toEqual([mine.id, shared.id, spacePrivate.id, open.id].sort());
    expectError(await call(m2, 'GET', `${C}/${mine.id}`), 404);
    expectError(await call(m3, 'GET', `${C}/${shared.id}`), 404);
    expectError(await call(m2, 'GET', `${C}/${spacePrivate.id}`), 404);
    expect((await call(m2, 'GET', `${C}/${shared.id}`)).status).toBe(200);

    // Seeing is not managing: 403, nothing written.
    for (const [m, p, body] of [['PATCH', `/${shared.id}`, { name: 'X' }], ['DELETE', `/${shared.id}`], ['POST', `/${shared.id}/visit-metrics/reset`, {}], ['PATCH', `/${open.id}`, { name: 'X' }]] as const) {
      const res = await call(m2, m, `${C}${p}`, body);
      expectError(res, 403);
      expect(res.body.details.reason).toBe('CALENDAR_NOT_MANAGEABLE');
    }
    expect((await call(m1, 'PATCH', `${C}/${mine.id}`, { name: 'Still mine' })).status).toBe(200);
    // Non-admins link calendars only to themselves or to parents they manage; tenant-shared is admins'.
    const before = (await calendarRows(owner.tenantId)).length;
    for (const body of [
      { kind: 'user_linked', linkedUserId: m1.userId },
      { kind: 'space_linked', linkedSpaceId: space.id },
      { kind: 'tenant_shared' },
    ]) {
      expectError(await call(m2, 'POST', `${C}/`, { name: 'N', timezone: 'UTC', ...body }), 403);
    }
    expect((await calendarRows(owner.tenantId)).length).toBe(before);
    await addSpaceMember(owner.tenantId, space.id, m3.userId, 'manager');
    expect((await call(m3, 'POST', `${C}/`, { name: 'N', timezone: 'UTC', kind: 'space_linked', linkedSpaceId: space.id })).status).toBe(201);
    expect((await call(m3, 'PATCH', `${C}/${spacePrivate.id}`, { name: 'Managed' })).status).toBe(200);
    expect((await call(m1, 'DELETE', `${C}/${mine.id}`)).status).toBe(204);
  });
});

describe('visit metrics', () => {
  it('resets the counter recording who, when and why; 403 when the feature is off', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    await setVisits(cal.id, 7);
    const res = await call(owner, 'POST', `${C}/${cal.id}/visit-metrics/reset`, { reason: 'New season' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('POST', `${C}/{id}/visit-metrics/reset`, res);
    expect(res.body.data).toMatchObject({ entityId: cal.id, totalVisits: 0, lastVisitedAt: null, lastResetByActorType: 'user', lastResetByActorId: owner.userId, lastResetReason: 'New season' });
    expect((await calendarRows(owner.tenantId))[0]).toMatchObject({ totalVisits: 0, lastResetReason: 'New season' });
    expect((await call(owner, 'POST', `${C}/${cal.id}/visit-metrics/reset`)).status).toBe(200);
    await setVisits(cal.id, 2);
    expectError(await call(owner, 'POST', `${C}/${cal.id}/visit-metrics/reset`, { reason: 'x'.repeat(501) }), 400);
    expect((await calendarRows(owner.tenantId))[0]!.totalVisits).toBe(2);
    const off = await api('/api/v1/secure/features/visit_metrics', { method: 'PATCH', headers: owner.auth, json: { enabled: false, changed_reason: 'not used' } });
    expect(off.status).toBe(200);
    const denied = await call(owner, 'POST', `${C}/${cal.id}/visit-metrics/reset`, {});
    expectError(denied, 403);
    expect(denied.body.details.reason).toBe('FEATURE_DISABLED');
    expect((await calendarRows(owner.tenantId))[0]!.totalVisits).toBe(2);
  });
});
