// Resources: create/read/update/delete, list filters and paging, nearby distances, property-limited
// API keys, spaces holding resources, and another tenant's ids (404 / 422, nothing written).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { BERN, R, ZURICH, call, newResource, resourceMemberRows, resourceRows } from './resources-helpers';
import { newSpace } from './spaces-helpers';

describe('create, read, update, delete', () => {
  it('creates a resource in a space; its creator is its admin; reads it in one round trip', async () => {
    const owner = await newTenant();
    const space = await newSpace(owner, { name: 'Hall' });
    const res = await call(owner, 'POST', '/', { name: ' Projector ', description: 'Beamer', spaceId: space.id, currentLocation: ZURICH, settings: { lumen: 3000 }, translationsI18n: { de: { name: 'Beamer' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectReferenceShape('POST', `${R}/`, res);
    expect(res.body.data).toMatchObject({ name: 'Projector', type: 'custom', status: 'active', space_id: space.id, current_space_name: 'Hall', currentLocation: ZURICH, settings: { lumen: 3000 }, manageable: true, customOrder: 1, totalVisits: 0, created_by: owner.userId });
    const id = res.body.data.id as string;
    expect((await resourceMemberRows(id)).map((m) => [m.userId, m.role])).toEqual([[owner.userId, 'admin']]);
    const got = await call(owner, 'GET', `/${id}`);
    expectReferenceShape('GET', `${R}/{id}`, got);
    expect(roundTrips(got).roundTrips).toBe(1);
    expect(got.body.data).toMatchObject({ id, translations_i18n: { de: { name: 'Beamer' } }, categories: [], tags: [] });

    // In a space, PATCH does not change the space (a move or detach does: 409, nothing written).
    const other = await newSpace(owner, { name: 'Other' });
    for (const spaceId of [other.id, null]) {
      const moved = await call(owner, 'PATCH', `/${id}`, { name: 'Moved', spaceId });
      expectError(moved, 409, 'CONFLICT');
      expect(moved.body.details.reason).toBe('RESOURCE_IN_SPACE');
    }
    expect((await call(owner, 'GET', `/${id}`)).body.data).toMatchObject({ name: 'Projector', space_id: space.id });
    expect((await call(owner, 'POST', `/${id}/detach`)).status).toBe(200);

    const patched = await call(owner, 'PATCH', `/${id}`, { name: 'Projector 2', currentLocation: null, spaceId: null, status: 'maintenance' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expectReferenceShape('PATCH', `${R}/{id}`, patched);
    expect(patched.body.data).toMatchObject({ name: 'Projector 2', currentLocation: null, space_id: null, current_space_name: null, status: 'maintenance' });
    // A detached resource is placed by PATCH.
    const placed = await call(owner, 'PATCH', `/${id}`, { spaceId: other.id });
    expect(placed.body.data).toMatchObject({ space_id: other.id, current_space_name: 'Other' });
    // Reading never counts a visit.
    await call(owner, 'GET', `/${id}`);
    expect((await resourceRows(owner.tenantId))[0]!.totalVisits).toBe(0);

    expect((await call(owner, 'DELETE', `/${id}`)).status).toBe(204);
    expectError(await call(owner, 'GET', `/${id}`), 404);
    expect(await resourceRows(owner.tenantId)).toEqual([]);
    expect(await resourceMemberRows(id)).toEqual([]);
  });

  it('refuses invalid input with a clear error and writes nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const foreignSpace = await newSpace(other);
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(256) }, { name: 'A', status: 'gone' }, { name: 'A', currentLocation: { latitude: 91, longitude: 0 } }, { name: 'A', spaceId: 'nope' }, { name: 'A', extra: 1 }, { name: 'A\u0000B' }]) {
      expectError(await call(owner, 'POST', '/', body), 400);
    }
    const blank = await call(owner, 'POST', '/', { name: '   ' });
    expectError(blank, 422);
    const pending = await call(owner, 'POST', '/', { name: 'A', status: 'pending' });
    expect(pending.body.details.reason).toBe('PENDING_RESERVED');
    const foreign = await call(owner, 'POST', '/', { name: 'A', spaceId: foreignSpace.id });
    expectError(foreign, 422);
    expect(foreign.body.details.reason).toBe('space_not_found');
    const translations = await call(owner, 'POST', '/', { name: 'A', language: 'en', translationsI18n: { en: { name: 'Again' } } });
    expect(translations.body.details.reason).toBe('INVALID_TRANSLATIONS');
    expect(await resourceRows(owner.tenantId)).toEqual([]);
    expectError(await call(null, 'POST', '/', { name: 'A' }), 401);
    expectError(await api(`${R}/`, { method: 'GET', headers: { authorization: 'Bearer nope' } }), 401);
  });

  it('hides another tenant\'s resources (404, nothing changed)', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const r = await newResource(a, { name: 'Secret' });
    for (const [m, p, body] of [['GET', `/${r.id}`], ['PATCH', `/${r.id}`, { name: 'Stolen' }], ['DELETE', `/${r.id}`], ['POST', `/${r.id}/order-top`], ['PATCH', `/${r.id}/promotion`, { promotionType: 'Effect1' }], ['POST', `/${r.id}/visit-metrics/track`], ['GET', `/${r.id}/members`], ['GET', `/${r.id}/tags`]] as const) {
      const res = await call(b, m, p, body);
      expectError(res, 404);
      expect(JSON.stringify(res.body)).not.toContain('Secret');
    }
    expect((await call(b, 'GET', '/')).body.data).toEqual([]);
    expect((await resourceRows(a.tenantId)).map((x) => [x.name, x.customOrder, x.totalVisits])).toEqual([['Secret', 1, 0]]);
  });

  it('keeps a space holding resources (409) until they are gone', async () => {
    const owner = await newTenant();
    const space = await newSpace(owner);
    const r = await newResource(owner, { spaceId: space.id });
    const del = await api(`/api/v1/secure/spaces/${space.id}`, { method: 'DELETE', headers: owner.auth });
    expectError(del, 409);
    expect(del.body.details.reason).toBe('SPACE_HAS_RESOURCES');
    expect((await call(owner, 'DELETE', `/${r.id}`)).status).toBe(204);
    expect((await api(`/api/v1/secure/spaces/${space.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
  });
});

describe('list and nearby', () => {
  it('lists with filters and paging in one round trip', async () => {
    const owner = await newTenant();
    const space = await newSpace(owner);
    const a = await newResource(owner, { name: 'Alpha', spaceId: space.id });
    const b = await newResource(owner, { name: 'Beta', status: 'inactive' });
    const c = await newResource(owner, { name: 'Gamma' });
    const all = await call(owner, 'GET', '/?limit=2');
    expect(all.status).toBe(200);
    expectReferenceShape('GET', `${R}/`, all);
    expect(roundTrips(all).roundTrips).toBe(1);
    expect(all.body.data.map((x: { id: string }) => x.id)).toEqual([a.id, b.id]);
    expect(all.body.pagination).toEqual({ total: 3, limit: 2, offset: 0, hasMore: true });
    expect((await call(owner, 'GET', '/?limit=2&offset=2')).body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await call(owner, 'GET', `/?space_id=${space.id}`)).body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await call(owner, 'GET', '/?status=inactive')).body.data.map((x: { id: string }) => x.id)).toEqual([b.id]);
    expect((await call(owner, 'GET', '/?search=amm')).body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await call(owner, 'GET', '/?offset=10')).body.pagination).toMatchObject({ total: 3, hasMore: false });
    for (const q of ['limit=0', 'limit=101', 'status=x', 'lat=1', 'radiusMeters=5', 'space_id=nope']) expectError(await call(owner, 'GET', `/?${q}`), 400);
  });

  it('keeps the total exact through creates, status changes, deletes and multi-row writes (stored counts, drizzle/0035)', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    await newResource(other, { name: 'Elsewhere' });
    const a = await newResource(owner, { name: 'A' });
    const b = await newResource(owner, { name: 'B' });
    const totals = async () =>
      Promise.all(['/?limit=1', '/?status=inactive&limit=1', '/?type=custom&status=active&limit=1'].map(async (q) => (await call(owner, 'GET', q)).body.pagination.total));
    expect(await totals()).toEqual([2, 0, 2]);
    expect((await call(owner, 'PATCH', `/${b.id}`, { status: 'inactive' })).status).toBe(200);
    expect(await totals()).toEqual([2, 1, 1]);
    expect((await call(owner, 'DELETE', `/${a.id}`)).status).toBe(204);
    expect(await totals()).toEqual([1, 1, 0]);
    // Statements writing many rows at once (imports, a space's detach) count each row.
    const stored = () =>
      withDb(async (db) => (await db.execute(sql`select type, status, n::int from directory_counts where tenant_id = ${owner.tenantId} and entity_type = 'resource' and n <> 0 order by status`)).rows);
    const counted = () =>
      withDb(async (db) => (await db.execute(sql`select type, status, count(*)::int as n from resources where tenant_id = ${owner.tenantId} group by type, status order by status`)).rows);
    await withDb((db) => db.execute(sql`insert into resources (tenant_id, name, status) select ${owner.tenantId}, 'bulk ' || i, case when i % 3 = 0 then 'maintenance' else 'active' end from generate_series(1, 30) i`));
    await withDb((db) => db.execute(sql`update resources set status = 'retired' where tenant_id = ${owner.tenantId} and name like 'bulk 1%'`));
    await withDb((db) => db.execute(sql`delete from resources where tenant_id = ${owner.tenantId} and name like 'bulk 2%'`));
    expect(await stored()).toEqual(await counted());
    expect((await totals())[0]).toBe(Number((await counted()).reduce((n, r) => n + Number(r.n), 0)));
    // Renames, visits and order changes touch no count.
    await withDb((db) => db.execute(sql`update resources set total_visits = total_visits + 1, custom_order = custom_order + 1 where tenant_id = ${owner.tenantId}`));
    expect(await stored()).toEqual(await counted());
    // Another tenant's rows and counts are its own.
    expect((await call(other, 'GET', '/?limit=1')).body.pagination.total).toBe(1);
  });

  it('finds resources nearby, nearest first, with known distances (Zurich–Bern, the antimeridian)', async () => {
    const owner = await newTenant();
    const bern = await newResource(owner, { name: 'Bern', currentLocation: BERN });
    const zurich = await newResource(owner, { name: 'Zurich', currentLocation: ZURICH });
    await newResource(owner, { name: 'Nowhere' });
    const near = await call(owner, 'GET', `/nearby?lat=${ZURICH.latitude}&lng=${ZURICH.longitude}&radiusMeters=100000`);
    expect(near.status, JSON.stringify(near.body)).toBe(200);
    expectReferenceShape('GET', `${R}/nearby`, near);
    expect(roundTrips(near).roundTrips).toBe(1);
    expect(near.body.data.map((x: { id: string }) => x.id)).toEqual([zurich.id, bern.id]);
    expect(near.body.data[0].distanceMeters).toBeLessThan(1);
    expect(Math.abs(near.body.data[1].distanceMeters - 95_500) / 95_500).toBeLessThan(0.005);
    expect(near.body.data[1]).toMatchObject({ categories: [], tags: [], mediaFileIds: [] });
    // Default radius 5 km: Bern is out.
    expect((await call(owner, 'GET', `/nearby?lat=${ZURICH.latitude}&lng=${ZURICH.longitude}`)).body.data.map((x: { id: string }) => x.id)).toEqual([zurich.id]);
    for (const q of ['lat=1', 'lat=91&lng=0', `lat=1&lng=1&radiusMeters=100001`, 'lat=1&lng=1&radiusMeters=0']) expectError(await call(owner, 'GET', `/nearby?${q}`), 400);

    const fiji = await newResource(owner, { name: 'Fiji', currentLocation: { latitude: -17.7134, longitude: 178.065 } });
    const samoa = await newResource(owner, { name: 'Samoa', currentLocation: { latitude: -13.8333, longitude: -171.75 } });
    const across = await call(owner, 'GET', `/nearby?lat=-13.8333&lng=-171.75&radiusMeters=100000`);
    expect(across.body.data.map((x: { id: string }) => x.id)).toEqual([samoa.id]);
    const list = await call(owner, 'GET', `/?lat=-13.8333&lng=-171.75&radiusMeters=1500000`);
    expect(list.body.data.map((x: { id: string }) => x.id).sort()).toEqual([fiji.id, samoa.id].sort());
    const fromFiji = await call(owner, 'GET', `/nearby?lat=-17.7134&lng=178.065&radiusMeters=100000&include=media`);
    expect(fromFiji.body.data.map((x: { id: string }) => x.id)).toEqual([fiji.id]);
  });
});

describe('API keys', () => {
  it('limits a key to its resource properties on reads and writes', async () => {
    const owner = await newTenant();
    const key = async (resources: Record<string, unknown>) =>
      (await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: `k${crypto.randomUUID().slice(0, 4)}`, permissions: { resources } } })).body.fullKey as string;
    const tracker = { 'x-api-key': await key({ read: true, write: true, properties: ['currentLocation', 'status'] }) };
    const reader = { 'x-api-key': await key({ read: true }) };
    const r = await newResource(owner, { name: 'Truck', description: 'Secret cargo', currentLocation: ZURICH, settings: { plate: 'ZH 1' } });
    const asKey = (headers: Record<string, string>, method: string, path: string, json?: unknown) => api(`${R}${path}`, { method, headers, ...(json !== undefined && { json }) });
    const got = await asKey(tracker, 'GET', `/${r.id}`);
    expect(got.status).toBe(200);
    expectReferenceShape('GET', `${R}/{id}`, got);
    expect(got.body.data.currentLocation).toEqual(ZURICH);
    expect(got.body.data).not.toHaveProperty('description');
    expect(got.body.data).not.toHaveProperty('settings');
    const listed = await asKey(tracker, 'GET', '/');
    expectReferenceShape('GET', `${R}/`, listed);
    expect(listed.body.data[0]).not.toHaveProperty('description');
    const moved = await asKey(tracker, 'PATCH', `/${r.id}`, { currentLocation: BERN, status: 'inactive' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const denied = await asKey(tracker, 'PATCH', `/${r.id}`, { description: 'Changed' });
    expectError(denied, 403);
    expect(denied.body.details.reason).toBe('PROPERTY_NOT_ALLOWED');
    expect((await resourceRows(owner.tenantId))[0]).toMatchObject({ description: 'Secret cargo', currentLat: BERN.latitude, status: 'inactive' });
    // A read-only key sees every property, manages nothing.
    const full = await asKey(reader, 'GET', `/${r.id}`);
    expect(full.body.data).toMatchObject({ description: 'Secret cargo', manageable: false });
    expectError(await asKey(reader, 'PATCH', `/${r.id}`, { status: 'active' }), 403);
    expectError(await asKey(reader, 'POST', '/', { name: 'By key' }), 403);
  });
});
