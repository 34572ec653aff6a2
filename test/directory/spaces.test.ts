// Spaces through the API: create (defaults, settings against the type definition, translations,
// reserved type/status, max_spaces), read, list (filters, paging, distances), update, delete,
// credentials, and another tenant's ids.
import { describe, expect, it } from 'vitest';
import { addMember } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { onSpaceDelete } from '../../src/modules/directory/spaces';
import { ApiError } from '../../src/lib/errors';
import { S, call, newSpace, spaceRows } from './spaces-helpers';

const ZURICH = { latitude: 47.3769, longitude: 8.5417 };
const BERN = { latitude: 46.948, longitude: 7.4474 };

describe('create and read', () => {
  it('creates with defaults, answers the reference shape and reads it back in one round trip', async () => {
    const owner = await newTenant();
    const res = await call(owner, 'POST', '/', { name: 'Main hall', description: 'Ground floor', homeLocation: ZURICH, translations_i18n: { de: { name: 'Haupthalle' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectReferenceShape('POST', `${S}/`, res);
    expect(res.body.data).toMatchObject({
      name: 'Main hall', tenantId: owner.tenantId, language: 'en', type: 'custom', status: 'active', manageable: true, promotionType: 'None', customOrder: 1,
      created_by: owner.userId, homeLocation: ZURICH, categories: [], tags: [], totalVisits: 0, distanceMeters: null, translations_i18n: { de: { name: 'Haupthalle' } },
    });
    const id = res.body.data.id;
    const got = await call(owner, 'GET', `/${id}?lat=${BERN.latitude}&lng=${BERN.longitude}`);
    expectReferenceShape('GET', `${S}/{id}`, got);
    expect(roundTrips(got).roundTrips).toBe(1);
    // Zurich–Bern, great circle ≈ 95.5 km: within 0.5%.
    expect(Math.abs(got.body.data.distanceMeters - 95_494) / 95_494).toBeLessThan(0.005);
  });

  it('refuses invalid input with a clear error and writes nothing', async () => {
    const owner = await newTenant();
    for (const body of [
      {},
      { name: 'x' },
      { name: '  ' },
      { name: 'ok ok', extra: 1 },
      { name: 'ok ok', language: 'english' },
      { name: 'ok ok', homeLocation: { latitude: 91, longitude: 0 } },
      { name: 'ok ok', status: 'unknown' },
      { name: 'a\u0000b' },
      { name: 'x'.repeat(256) },
    ]) {
      const res = await call(owner, 'POST', '/', body);
      expect([400, 422], JSON.stringify(body)).toContain(res.status);
    }
    const base = await call(owner, 'POST', '/', { name: 'Base lang', language: 'de', translations_i18n: { de: { name: 'Basis' } } });
    expectError(base, 422, 'UNPROCESSABLE_ENTITY');
    expect(base.body.details.reason).toBe('INVALID_TRANSLATIONS');
    expect((await call(owner, 'POST', '/', { name: 'System', type: 'system' })).body.details.reason).toBe('SYSTEM_TYPE_RESERVED');
    expect((await call(owner, 'POST', '/', { name: 'Pending', status: 'pending' })).body.details.reason).toBe('PENDING_RESERVED');
    expectError(await call(owner, 'POST', '/', { name: 'Bad cat', category_ids: [crypto.randomUUID()] }), 404);
    expectError(await call(owner, 'POST', '/', { name: 'Bad tag', tag_ids: [crypto.randomUUID()] }), 404);
    expect(await spaceRows(owner.tenantId)).toEqual([]);
  });

  it('validates settings against an active space type definition', async () => {
    const owner = await newTenant();
    const td = await api('/api/v1/secure/type-definitions/', {
      method: 'POST', headers: owner.auth,
      json: { name: `room-${crypto.randomUUID().slice(0, 6)}`, label: 'Room', appliesTo: 'space', schemaDefinition: { properties: { seats: { type: 'integer', minimum: 1 } }, required: ['seats'] } },
    });
    expect(td.status, JSON.stringify(td.body)).toBe(201);
    const typeId = td.body.data.id;
    const bad = await call(owner, 'POST', '/', { name: 'Room A', type_definition_id: typeId, settings: { seats: 0 } });
    expectError(bad, 422);
    expect(bad.body.details).toMatchObject({ reason: 'SETTINGS_INVALID' });
    expect(Object.keys(bad.body.details.fields)).toEqual(['settings.seats']);
    const ok = await call(owner, 'POST', '/', { name: 'Room A', type_definition_id: typeId, settings: { seats: 12 } });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ typeDefinitionId: typeId, typeName: td.body.data.name, settings: { seats: 12 } });
    const patch = await call(owner, 'PATCH', `/${ok.body.data.id}`, { settings: {} });
    expect(patch.body.details.reason).toBe('SETTINGS_INVALID');
    expect((await spaceRows(owner.tenantId)).map((r) => r.settings)).toEqual([{ seats: 12 }]);
  });

  it('holds max_spaces', async () => {
    const owner = await newTenant();
    expect((await api(`/api/v1/secure/tenants/${owner.tenantId}/settings/limits`, { method: 'PATCH', headers: owner.auth, json: { settings: { max_spaces: 1 } } })).status).toBe(200);
    await newSpace(owner);
    const over = await call(owner, 'POST', '/', { name: 'Second' });
    expectError(over, 422);
    expect(over.body.details).toMatchObject({ reason: 'QUOTA_EXCEEDED', resource: 'spaces', limit: 1, current: 1 });
  });

  it('answers 401 without credentials and 403 without the permission', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    expectError(await call(null, 'GET', '/'), 401);
    expectError(await call(null, 'POST', '/', { name: 'No auth' }), 401);
    expectError(await call(null, 'GET', `/${s.id}`), 401);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await call(member, 'POST', '/', { name: 'Member space' }), 403);
    expectError(await call(member, 'PATCH', `/${s.id}`, { name: 'Renamed' }), 403);
    expectError(await call(member, 'DELETE', `/${s.id}`), 403);
    const read = await call(member, 'GET', `/${s.id}`);
    expect(read.status).toBe(200);
    expect(read.body.data.manageable).toBe(false);
    expect((await spaceRows(owner.tenantId)).map((r) => r.name)).toEqual([s.name]);
  });

  it('serves API keys by their permission object: read-only keys see no pending space and manage nothing', async () => {
    const owner = await newTenant();
    const key = async (spaces: Record<string, boolean>) =>
      (await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: `k${crypto.randomUUID().slice(0, 4)}`, permissions: { spaces } } })).body.fullKey as string;
    const readOnly = { 'x-api-key': await key({ read: true }) };
    const writer = { 'x-api-key': await key({ read: true, write: true }) };
    const s = await newSpace(owner);
    const asKey = (headers: Record<string, string>, method: string, path: string, json?: unknown) => api(`${S}${path}`, { method, headers, ...(json !== undefined && { json }) });
    const list = await asKey(readOnly, 'GET', '/');
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string; manageable: boolean }) => [x.id, x.manageable])).toEqual([[s.id, false]]);
    expectError(await asKey(readOnly, 'PATCH', `/${s.id}`, { name: 'By key' }), 403);
    expectError(await asKey(readOnly, 'POST', '/', { name: 'By key' }), 403);
    expect((await asKey(writer, 'GET', `/${s.id}`)).body.data.manageable).toBe(true);
    const created = await asKey(writer, 'POST', '/', { name: 'Made by a key' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ manageable: true, created_by: owner.userId });
  });

  it('hides another tenant\'s spaces (404, nothing changed)', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const s = await newSpace(a);
    for (const [method, path, body] of [
      ['GET', `/${s.id}`],
      ['PATCH', `/${s.id}`, { name: 'Taken over' }],
      ['DELETE', `/${s.id}`],
      ['POST', `/${s.id}/order-top`],
      ['PATCH', `/${s.id}/promotion`, { promotionType: 'Effect1' }],
      ['POST', `/${s.id}/visit-metrics/reset`, {}],
    ] as const) {
      const res = await call(b, method, path, body);
      expectError(res, 404);
      expect(JSON.stringify(res.body)).not.toContain(s.name as string);
    }
    expect((await call(b, 'GET', '/')).body.data).toEqual([]);
    expect((await spaceRows(a.tenantId)).map((r) => [r.name, r.customOrder])).toEqual([[s.name, 1]]);
  });
});

describe('list', () => {
  it('orders by customOrder, name, id; filters by type, status, search and distance; pages with a total in one round trip', async () => {
    const owner = await newTenant();
    const zurich = await newSpace(owner, { name: 'Zurich office', homeLocation: ZURICH, type: 'default' });
    const bern = await newSpace(owner, { name: 'Bern office', homeLocation: BERN, status: 'maintenance' });
    const nowhere = await newSpace(owner, { name: 'Archive' });
    const all = await call(owner, 'GET', '/');
    expectReferenceShape('GET', `${S}/`, all);
    expect(roundTrips(all).roundTrips).toBe(1);
    expect(all.body.data.map((s: { id: string }) => s.id)).toEqual([nowhere.id, bern.id, zurich.id]);
    expect(all.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, hasMore: false });
    const page = await call(owner, 'GET', '/?limit=1&offset=1');
    expect(page.body.data.map((s: { id: string }) => s.id)).toEqual([bern.id]);
    expect(page.body.pagination).toEqual({ total: 3, limit: 1, offset: 1, hasMore: true });
    expect((await call(owner, 'GET', '/?offset=10')).body.pagination.total).toBe(3);
    expect((await call(owner, 'GET', '/?type=default')).body.data.map((s: { id: string }) => s.id)).toEqual([zurich.id]);
    expect((await call(owner, 'GET', '/?status=maintenance')).body.data.map((s: { id: string }) => s.id)).toEqual([bern.id]);
    expect((await call(owner, 'GET', '/?search=OFFICE')).body.pagination.total).toBe(2);
    const near = await call(owner, 'GET', `/?lat=${ZURICH.latitude}&lng=${ZURICH.longitude}&radiusMeters=10000`);
    expect(near.body.data.map((s: { id: string; distanceMeters: number }) => [s.id, Math.round(s.distanceMeters)])).toEqual([[zurich.id, 0]]);
    const dist = await call(owner, 'GET', `/?lat=${ZURICH.latitude}&lng=${ZURICH.longitude}`);
    expect(dist.body.data.find((s: { id: string }) => s.id === nowhere.id).distanceMeters).toBeNull();
    expect(Math.abs(dist.body.data.find((s: { id: string }) => s.id === bern.id).distanceMeters - 95_494) / 95_494).toBeLessThan(0.005);
    expectError(await call(owner, 'GET', '/?lat=10'), 400);
    expectError(await call(owner, 'GET', '/?radiusMeters=5'), 400);
    expectError(await call(owner, 'GET', '/?limit=1000'), 400);
  });

  it('measures across the antimeridian', async () => {
    const owner = await newTenant();
    const fiji = await newSpace(owner, { name: 'Fiji', homeLocation: { latitude: -17.7134, longitude: 178.065 } });
    const res = await call(owner, 'GET', `/?lat=-13.8333&lng=-171.75&radiusMeters=1500000`);
    expect(res.body.data.map((s: { id: string }) => s.id)).toEqual([fiji.id]);
    expect(Math.abs(res.body.data[0].distanceMeters - 1_171_829) / 1_171_829).toBeLessThan(0.005);
  });
});

describe('update and delete', () => {
  it('lets other parts of the directory refuse a delete (409, nothing removed)', async () => {
    const owner = await newTenant();
    const held = await newSpace(owner, { name: 'Holds resources' });
    onSpaceDelete(async (_ctx, id) => {
      if (id === held.id) throw new ApiError('CONFLICT', 'The space holds resources', { reason: 'SPACE_HAS_RESOURCES' });
    });
    expectError(await call(owner, 'DELETE', `/${held.id}`), 409);
    expect((await spaceRows(owner.tenantId)).map((r) => r.id)).toEqual([held.id]);
  });

  it('patches given fields, keeps the rest, and deletes with links', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner, { name: 'Old name', description: 'Keep me', homeLocation: ZURICH });
    const res = await call(owner, 'PATCH', `/${s.id}`, { name: 'New name', homeLocation: null, translations_i18n: { fr: { name: 'Nouveau' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('PATCH', `${S}/{id}`, res);
    expect(res.body.data).toMatchObject({ name: 'New name', description: 'Keep me', homeLocation: null, translations_i18n: { fr: { name: 'Nouveau' } } });
    expectError(await call(owner, 'PATCH', `/${s.id}`, { translations_i18n: { en: { name: 'Base' } } }), 422);
    expectError(await call(owner, 'PATCH', `/${s.id}`, { unknown: true }), 400);
    expect((await call(owner, 'DELETE', `/${s.id}`)).status).toBe(204);
    expectError(await call(owner, 'GET', `/${s.id}`), 404);
    expect(await spaceRows(owner.tenantId)).toEqual([]);
  });
});
