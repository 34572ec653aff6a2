import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/accounts';
import { typeDefinitions } from '../../src/db/schema/type-definitions';
import { addMember, withDb } from '../helpers/db';
import { api, expectError } from '../helpers/http';
import { newTenant, unique, type SignedIn } from '../helpers/identity';

const ROOT = '/api/v1/secure/type-definitions/';
const ME = '/api/v1/secure/auth/me';
const typeName = () => unique('ts-').toLowerCase().replace(/[^a-z0-9-]/g, '');

const profileSchema = {
  properties: {
    theme: { type: 'string', enum: ['light', 'dark'] },
    pageSize: { type: 'integer', minimum: 10, maximum: 100 },
    contact: { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
  },
  required: ['theme'],
};

async function newType(owner: SignedIn, appliesTo = 'user', schemaDefinition: object = profileSchema): Promise<string> {
  const res = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name: typeName(), label: 'Profile', appliesTo, schemaDefinition } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}

const stored = (userId: string) => withDb((db) => db.select({ settings: users.settings, t: users.typeDefinitionId }).from(users).where(eq(users.id, userId))).then((r) => r[0]!);

describe('settings validation: users', () => {
  it('validates settings on admin create and update, naming the failing paths', async () => {
    const owner = await newTenant();
    const typeId = await newType(owner);
    const email = `${unique('s-')}@example.test`;
    const bad = await api('/api/v1/secure/users/', { method: 'POST', headers: owner.auth, json: { email, password: 'long enough pw', typeDefinitionId: typeId, settings: { theme: 'pink', pageSize: 5, contact: {} } } });
    expectError(bad, 422, 'UNPROCESSABLE_ENTITY');
    expect(bad.body.details.reason).toBe('SETTINGS_INVALID');
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['settings.contact.email', 'settings.pageSize', 'settings.theme']);
    expect(await withDb((db) => db.select().from(users).where(eq(users.email, email)))).toEqual([]);

    const ok = await api('/api/v1/secure/users/', { method: 'POST', headers: owner.auth, json: { email, password: 'long enough pw', typeDefinitionId: typeId, settings: { theme: 'dark', extra: 1 } } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const id = ok.body.data.id;
    // Settings alone are checked against the user's current type.
    const patchBad = await api(`/api/v1/secure/users/${id}`, { method: 'PATCH', headers: owner.auth, json: { settings: { pageSize: 20 } } });
    expectError(patchBad, 422);
    expect(patchBad.body.details.fields).toHaveProperty(['settings.theme']);
    expect((await stored(id)).settings).toEqual({ theme: 'dark', extra: 1 });
    expect((await api(`/api/v1/secure/users/${id}`, { method: 'PATCH', headers: owner.auth, json: { settings: { theme: 'light', pageSize: 20 } } })).status).toBe(200);
    // Clearing the type frees the settings.
    expect((await api(`/api/v1/secure/users/${id}`, { method: 'PATCH', headers: owner.auth, json: { typeDefinitionId: null, settings: { anything: true } } })).status).toBe(200);
    expect(await stored(id)).toEqual({ settings: { anything: true }, t: null });
  });

  it('refuses unknown, foreign, inactive and non-user types (422) and writes nothing', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const foreign = await newType(other);
    const spaceType = await newType(owner, 'space', { properties: {} });
    const inactive = await newType(owner);
    await api(`${ROOT.slice(0, -1)}/${inactive}`, { method: 'PATCH', headers: owner.auth, json: { is_active: false } });
    for (const [typeDefinitionId, reason] of [[crypto.randomUUID(), 'TYPE_NOT_FOUND'], [foreign, 'TYPE_NOT_FOUND'], [inactive, 'TYPE_INACTIVE'], [spaceType, 'TYPE_NOT_APPLICABLE']]) {
      const res = await api(`/api/v1/secure/users/${member.userId}`, { method: 'PATCH', headers: owner.auth, json: { typeDefinitionId, settings: { theme: 'dark' } } });
      expectError(res, 422);
      expect(res.body.details.reason).toBe(reason);
      expect(JSON.stringify(res.body)).not.toContain('Profile');
    }
    expect(await stored(member.userId)).toEqual({ settings: {}, t: null });
  });

  it('validates the signed-in user’s own settings (PATCH /auth/me), platform types included', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const [sys] = await withDb((db) =>
      db.insert(typeDefinitions).values({ name: typeName(), label: 'Platform prefs', appliesTo: 'user', schemaDefinition: { properties: { lang: { type: 'string', minLength: 2, maxLength: 2 } }, required: ['lang'] } }).returning(),
    );
    const bad = await api(ME, { method: 'PATCH', headers: member.auth, json: { typeDefinitionId: sys!.id, settings: { lang: 'english' } } });
    expectError(bad, 422);
    expect(Object.keys(bad.body.details.fields)).toEqual(['settings.lang']);
    expect(await stored(member.userId)).toEqual({ settings: {}, t: null });
    const ok = await api(ME, { method: 'PATCH', headers: member.auth, json: { typeDefinitionId: sys!.id, settings: { lang: 'de' } } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.user).toMatchObject({ typeDefinitionId: sys!.id, settings: { lang: 'de' } });
    expectError(await api(ME, { method: 'PATCH', headers: member.auth, json: { settings: {} } }), 422);
    // A changed schema applies at once (the compiled validator is keyed by the type's version).
    const t = await newType(owner, 'user', { properties: { n: { type: 'integer' } } });
    expect((await api(ME, { method: 'PATCH', headers: member.auth, json: { typeDefinitionId: t, settings: { n: 1 } } })).status).toBe(200);
    await api(`${ROOT.slice(0, -1)}/${t}`, { method: 'PATCH', headers: owner.auth, json: { schemaDefinition: { properties: { n: { type: 'integer', minimum: 5 } } } } });
    expectError(await api(ME, { method: 'PATCH', headers: member.auth, json: { settings: { n: 1 } } }), 422);
    expect((await api(ME, { method: 'PATCH', headers: member.auth, json: { settings: { n: 7 } } })).status).toBe(200);
  });

  it('a type given to a user while it is deleted ends either in use (409) or gone (422), never dangling', async () => {
    const owner = await newTenant();
    for (let i = 0; i < 3; i++) {
      const member = await addMember(owner.tenantId, 'member');
      const typeId = await newType(owner, 'user', { properties: {} });
      const [assign, del] = await Promise.all([
        api(`/api/v1/secure/users/${member.userId}`, { method: 'PATCH', headers: owner.auth, json: { typeDefinitionId: typeId, settings: {} } }),
        api(`${ROOT.slice(0, -1)}/${typeId}`, { method: 'DELETE', headers: owner.auth }),
      ]);
      expect([[200, 409], [422, 204]]).toContainEqual([assign.status, del.status]);
      expect((await stored(member.userId)).t).toBe(assign.status === 200 ? typeId : null);
    }
  });
});
