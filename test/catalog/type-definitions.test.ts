import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { typeDefinitions } from '../../src/db/schema/type-definitions';
import { users } from '../../src/db/schema/accounts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, unique, type SignedIn } from '../helpers/identity';

const ROOT = '/api/v1/secure/type-definitions/';
const ONE = '/api/v1/secure/type-definitions/{id}';
const one = (id: string) => `/api/v1/secure/type-definitions/${id}`;
const typeName = () => unique('td-').toLowerCase().replace(/[^a-z0-9-]/g, '');

const schema = {
  properties: {
    color: { type: 'string', title: 'Color', enum: ['red', 'blue'], default: 'blue' },
    capacity: { type: 'integer', minimum: 1, maximum: 500 },
    tags: { type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 5 },
  },
  required: ['capacity'],
};

async function create(owner: SignedIn, extra: Record<string, unknown> = {}) {
  const res = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: typeName(), label: 'Meeting room', appliesTo: 'space', schemaDefinition: schema, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

const rowsOf = (tenantId: string) => withDb((db) => db.select().from(typeDefinitions).where(eq(typeDefinitions.tenantId, tenantId)));

/** A platform type, as a migration or the seed would add it. */
async function systemType(appliesTo = 'user') {
  const [row] = await withDb((db) =>
    db.insert(typeDefinitions).values({ name: typeName(), label: 'Platform profile', appliesTo: appliesTo as 'user', schemaDefinition: { properties: { theme: { type: 'string', enum: ['light', 'dark'] } } } }).returning(),
  );
  return row!;
}

describe('type definitions: create, read, list', () => {
  it('creates a type and answers the whole row; reads it in one round trip', async () => {
    const owner = await newTenant();
    const res = await create(owner, { description: 'Rooms people book', category: 'anything' });
    expectReferenceShape('POST', ROOT, res);
    const t = res.body.data;
    expect(t).toMatchObject({ tenantId: owner.tenantId, label: 'Meeting room', description: 'Rooms people book', category: 'anything', appliesTo: 'space', isActive: true, isSystem: false, createdBy: owner.userId });
    // Stored normalized: the key order of properties is kept.
    expect(Object.keys(t.schemaDefinition.properties)).toEqual(['color', 'capacity', 'tags']);
    expect(t.schemaDefinition).toEqual(schema);
    const got = await api(one(t.id), { headers: owner.auth });
    expect(got.status).toBe(200);
    expectReferenceShape('GET', ONE, got);
    expect(got.body.data).toEqual(t);
    expect(roundTrips(got).roundTrips).toBe(1);
  });

  it('infers appliesTo from the legacy category, or answers 422 without either', async () => {
    const owner = await newTenant();
    for (const [category, appliesTo] of [['Rooms', 'space'], ['equipment', 'resource'], ['Events', 'calendar'], ['profile', 'user']] as const) {
      const res = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: typeName(), label: 'Typed', category, schemaDefinition: { properties: {} } } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.data.appliesTo).toBe(appliesTo);
    }
    for (const extra of [{}, { category: 'spaceship' }]) {
      const res = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: typeName(), label: 'Untyped', schemaDefinition: { properties: {} }, ...extra } });
      expectError(res, 422, 'UNPROCESSABLE_ENTITY');
      expect(res.body.details.reason).toBe('APPLIES_TO_REQUIRED');
    }
    expect(await rowsOf(owner.tenantId)).toHaveLength(4);
  });

  it('refuses schemas outside the subset with 422 naming the paths, and writes nothing', async () => {
    const owner = await newTenant();
    const bad: [unknown, string][] = [
      [{ x: { type: 'date' } }, 'schemaDefinition.properties.x.type'],
      [{ x: { type: 'string', minimum: 1 } }, 'schemaDefinition.properties.x.minimum'],
      [{ x: { type: 'string', pattern: '(' } }, 'schemaDefinition.properties.x.pattern'],
      [{ x: { type: 'string', pattern: '^(a+)+$' } }, 'schemaDefinition.properties.x.pattern'],
      [{ x: { type: 'string', format: 'color' } }, 'schemaDefinition.properties.x.format'],
      [{ x: { type: 'string', minLength: 5, maxLength: 2 } }, 'schemaDefinition.properties.x.minLength'],
      [{ x: { type: 'integer', enum: [1, 'a'] } }, 'schemaDefinition.properties.x.enum.1'],
      [{ x: { type: 'string', enum: ['a'], default: 'b' } }, 'schemaDefinition.properties.x.default'],
      [{ x: { type: 'array', items: { type: 'object', properties: { y: { type: 'string', $ref: '#' } } } } }, 'schemaDefinition.properties.x.items.properties.y.$ref'],
      [{ x: { type: 'object', properties: { a: { type: 'string' } }, required: ['b'] } }, 'schemaDefinition.properties.x.required.0'],
      [{ '1x': { type: 'string' } }, 'schemaDefinition.properties.1x'],
      [{ x: 'string' }, 'schemaDefinition.properties.x'],
    ];
    for (const [properties, path] of bad) {
      const res = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: typeName(), label: 'Bad', appliesTo: 'user', schemaDefinition: { properties } } });
      expectError(res, 422, 'UNPROCESSABLE_ENTITY');
      expect(res.body.details.reason).toBe('INVALID_SCHEMA');
      expect(Object.keys(res.body.details.fields), JSON.stringify(res.body.details)).toContain(path);
    }
    const missing = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: typeName(), label: 'Bad', appliesTo: 'user', schemaDefinition: { properties: { a: { type: 'string' } }, required: ['a', 'b'] } } });
    expect(Object.keys(missing.body.details.fields)).toEqual(['schemaDefinition.required.1']);
    // Shape errors are the contract's 400s.
    for (const json of [{ name: 'Upper Case', label: 'Bad', appliesTo: 'user', schemaDefinition: { properties: {} } }, { name: 'x', label: 'ok', schemaDefinition: { properties: {} } }, { name: 'abc', label: 'ok', appliesTo: 'planet', schemaDefinition: { properties: {} } }, { name: 'abc', label: 'ok', appliesTo: 'user', schemaDefinition: { properties: {}, $schema: 'x' } }, { name: 'abc', label: 'x'.repeat(300), appliesTo: 'user', schemaDefinition: { properties: {} } }]) {
      expectError(await api(ROOT, { method: 'POST', headers: owner.auth, json }), 400, 'VALIDATION_ERROR');
    }
    expect(await rowsOf(owner.tenantId)).toEqual([]);
  });

  it('keeps names unique per tenant (409), not across tenants', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const name = typeName();
    await create(a, { name });
    const again = await api(ROOT, { method: 'POST', headers: a.auth, json: { name, label: 'Again', appliesTo: 'user', schemaDefinition: { properties: {} } } });
    expectError(again, 409, 'CONFLICT');
    expect(again.body.details.reason).toBe('NAME_TAKEN');
    await create(b, { name });
    // Parallel creates of one name: one wins, the other is 409 (never 500).
    const racing = typeName();
    const both = await Promise.all([0, 1].map(() => api(ROOT, { method: 'POST', headers: a.auth, json: { name: racing, label: 'Race', appliesTo: 'user', schemaDefinition: { properties: {} } } })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('lists own and platform types with filters, in one round trip', async () => {
    const owner = await newTenant();
    const sys = await systemType('user');
    const space = (await create(owner)).body.data;
    const user = (await create(owner, { appliesTo: 'user', name: `${typeName()}-profile` })).body.data;
    await api(one(user.id), { method: 'PATCH', headers: owner.auth, json: { is_active: false } });
    const all = await api(ROOT, { headers: owner.auth });
    expect(all.status).toBe(200);
    expectReferenceShape('GET', ROOT, all);
    expect(roundTrips(all).roundTrips).toBe(1);
    const ids = all.body.data.map((t: any) => t.id);
    expect(ids).toEqual(expect.arrayContaining([sys.id, space.id, user.id]));
    expect(all.body.data.find((t: any) => t.id === sys.id)).toMatchObject({ isSystem: true, tenantId: null });
    const ids2 = async (q: string) => (await api(`${ROOT}?${q}`, { headers: owner.auth })).body.data.map((t: any) => t.id);
    const own = await ids2('includeSystem=false');
    expect(own).toHaveLength(2);
    expect(own).toEqual(expect.arrayContaining([space.id, user.id]));
    expect(await ids2('appliesTo=space')).toEqual([space.id]);
    expect(await ids2('appliesTo=user&includeSystem=false')).toEqual([user.id]);
    expect(await ids2('active=false')).toEqual([user.id]);
    expect(await ids2(`name=${encodeURIComponent(sys.name)}`)).toEqual([sys.id]);
    expect(await ids2('name=%25')).toEqual([]);
    expectError(await api(`${ROOT}?appliesTo=planet`, { headers: owner.auth }), 400);
  });
});

describe('type definitions: change and delete', () => {
  it('patches label, description, is_active and a partial schema', async () => {
    const owner = await newTenant();
    const t = (await create(owner)).body.data;
    const res = await api(one(t.id), { method: 'PATCH', headers: owner.auth, json: { label: 'Big room', description: 'Now described', is_active: false } });
    expect(res.status).toBe(200);
    expectReferenceShape('PATCH', ONE, res);
    expect(res.body.data).toMatchObject({ label: 'Big room', description: 'Now described', isActive: false, schemaDefinition: schema });
    const props = await api(one(t.id), { method: 'PATCH', headers: owner.auth, json: { schemaDefinition: { properties: { capacity: { type: 'integer' }, floor: { type: 'integer' } } } } });
    expect(props.body.data.schemaDefinition).toEqual({ properties: { capacity: { type: 'integer' }, floor: { type: 'integer' } }, required: ['capacity'] });
    const req = await api(one(t.id), { method: 'PATCH', headers: owner.auth, json: { schemaDefinition: { required: ['floor', 'capacity'] } } });
    expect(req.body.data.schemaDefinition.required).toEqual(['capacity', 'floor']);
    const bad = await api(one(t.id), { method: 'PATCH', headers: owner.auth, json: { schemaDefinition: { required: ['nope'] } } });
    expectError(bad, 422);
    expectError(await api(one(t.id), { method: 'PATCH', headers: owner.auth, json: { name: 'renamed' } }), 400);
    const [row] = await rowsOf(owner.tenantId);
    expect(row!.schemaDefinition.required).toEqual(['capacity', 'floor']);
  });

  it('deletes an unused type (204); a type in use is 409 and stays', async () => {
    const owner = await newTenant();
    const t = (await create(owner)).body.data;
    const del = await api(one(t.id), { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expectError(await api(one(t.id), { headers: owner.auth }), 404);
    const used = (await create(owner, { appliesTo: 'user', schemaDefinition: { properties: { theme: { type: 'string' } } } })).body.data;
    const member = await addMember(owner.tenantId, 'member');
    const patch = await api(`/api/v1/secure/users/${member.userId}`, { method: 'PATCH', headers: owner.auth, json: { typeDefinitionId: used.id, settings: { theme: 'dark' } } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const inUse = await api(one(used.id), { method: 'DELETE', headers: owner.auth });
    expectError(inUse, 409, 'CONFLICT');
    expect(inUse.body.details).toEqual({ reason: 'IN_USE', usage: { users: 1 } });
    expect(await rowsOf(owner.tenantId)).toHaveLength(1);
    // Once no live user has it, it goes; a deleted user's reference is cleared by the foreign key.
    await withDb((db) => db.update(users).set({ deletedAt: sql`now()` }).where(eq(users.id, member.userId)));
    expect((await api(one(used.id), { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    const [u] = await withDb((db) => db.select({ t: users.typeDefinitionId }).from(users).where(eq(users.id, member.userId)));
    expect(u!.t).toBeNull();
  });

  it('keeps platform types read-only (403) and their names reserved (409)', async () => {
    const owner = await newTenant();
    const sys = await systemType();
    const got = await api(one(sys.id), { headers: owner.auth });
    expect(got.status).toBe(200);
    expect(got.body.data.isSystem).toBe(true);
    for (const [method, json] of [['PATCH', { label: 'Mine now' }], ['DELETE', undefined]] as const) {
      const res = await api(one(sys.id), { method, headers: owner.auth, json });
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.details.reason).toBe('SYSTEM_TYPE');
    }
    const taken = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: sys.name, label: 'Shadow', appliesTo: 'user', schemaDefinition: { properties: {} } } });
    expectError(taken, 409);
    expect(taken.body.details.reason).toBe('SYSTEM_TYPE_NAME');
    const [row] = await withDb((db) => db.select().from(typeDefinitions).where(eq(typeDefinitions.id, sys.id)));
    expect(row!.label).toBe('Platform profile');
  });
});

describe('type definitions: credentials and tenants', () => {
  it('answers 401 without credentials and 403 without the permission', async () => {
    const owner = await newTenant();
    const t = (await create(owner)).body.data;
    expectError(await api(ROOT), 401);
    expectError(await api(one(t.id)), 401);
    expectError(await api(ROOT, { method: 'POST', json: { name: typeName(), label: 'No', appliesTo: 'user', schemaDefinition: { properties: {} } } }), 401);
    expectError(await api(ROOT, { headers: { authorization: 'Bearer nonsense' } }), 401);
    const member = await addMember(owner.tenantId, 'member');
    expect((await api(ROOT, { headers: member.auth })).status).toBe(200);
    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await api(ROOT, { method: 'POST', headers: manager.auth, json: { name: typeName(), label: 'No', appliesTo: 'user', schemaDefinition: { properties: {} } } }), 403);
    expectError(await api(one(t.id), { method: 'PATCH', headers: member.auth, json: { label: 'Nope' } }), 403);
    expectError(await api(one(t.id), { method: 'DELETE', headers: manager.auth }), 403);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(ROOT, { headers: guest.auth }), 403);
    expect(await rowsOf(owner.tenantId)).toHaveLength(1);
  });

  it('answers 404 for another tenant’s types, reading and writing nothing', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const t = (await create(a)).body.data;
    for (const [method, path, json] of [
      ['GET', one(t.id), undefined],
      ['PATCH', one(t.id), { label: 'Stolen' }],
      ['DELETE', one(t.id), undefined],
      ['GET', `${one(t.id)}/export`, undefined],
    ] as const) {
      const res = await api(path, { method, headers: b.auth, json });
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain(t.name);
    }
    expect((await api(ROOT, { headers: b.auth })).body.data.map((x: any) => x.id)).not.toContain(t.id);
    const [row] = await rowsOf(a.tenantId);
    expect(row!.label).toBe('Meeting room');
  });
});
