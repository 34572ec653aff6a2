import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../src/db/schema/accounts';
import { appAccounts } from '../../src/db/schema/access';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique, type SignedIn } from '../helpers/identity';
import { until } from '../helpers/wait';

const BASE = '/api/v1/secure/app-accounts/';
const ONE = '/api/v1/secure/app-accounts/{id}';
const PASSWORD = 'machine password 123';

async function createAccount(owner: SignedIn, json: Record<string, unknown> = {}, query = '') {
  const email = `${unique('app-')}@example.test`;
  const res = await api(BASE + query, { method: 'POST', headers: owner.auth, json: { name: 'Tracker', email, password: PASSWORD, ...json } });
  expect(res.status).toBe(201);
  return { res, email, data: res.body.data, path: `${BASE.slice(0, -1)}/${res.body.data.id}` };
}

const login = (email: string, password = PASSWORD) => api('/api/v1/public/auth/login', { method: 'POST', json: { email, password } });

describe('application accounts', () => {
  it('creates a machine user that signs in with the normal login and gets its permission object', async () => {
    const owner = await newTenant();
    const { res, email, data } = await createAccount(owner, { description: 'gps', permissions: { users: { read: true } } }, '?template=ASSET_TRACKER');
    expectReferenceShape('POST', BASE, res);
    expect(data).toMatchObject({ name: 'Tracker', email, status: 'active', tenantId: owner.tenantId, created_by: owner.userId, expires_at: null, last_used_at: null });
    expect(data.permissions.resources).toEqual({ read: true, write: true, delete: false, properties: ['currentLocation', 'status'] });
    const [u] = await withDb((db) => db.select().from(users).where(eq(users.id, data.auth_user_id)));
    expect(u).toMatchObject({ kind: 'app_account', email, tenantId: owner.tenantId });
    expect(u!.passwordHash).not.toContain(PASSWORD);

    const signed = await login(email);
    expect(signed.status).toBe(200);
    expect(signed.body.user.permissions.sort()).toEqual(['geo:read', 'mcp:use', 'resources:read', 'resources:write', 'search:read', 'spaces:read', 'taxonomy:read', 'type_definitions:read', 'users:read']);
    const me = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${signed.body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.body.user.permissions).toContain('resources:write');
    expect(me.body.user.permissions).not.toContain('chat:read'); // a guest role would give it: the object decides
    // It cannot manage access.
    expectError(await api(BASE, { headers: { authorization: `Bearer ${signed.body.accessToken}` } }), 403, 'FORBIDDEN');

    const list = await api(BASE, { headers: owner.auth });
    expectReferenceShape('GET', BASE, list);
    expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([data.id]);
    const one = await api(`${BASE.slice(0, -1)}/${data.id}`, { headers: owner.auth });
    expectReferenceShape('GET', ONE, one);
    expect(one.body.data.last_used_at).not.toBeNull(); // the sign-in
  });

  it('rejects invalid input with 400 and a taken email with 409, writing nothing', async () => {
    const owner = await newTenant();
    for (const json of [
      { name: 'x', email: 'not-an-email', password: PASSWORD },
      { name: 'x', email: `${unique('a-')}@example.test`, password: 'short' },
      { name: '', email: `${unique('a-')}@example.test`, password: PASSWORD },
      { name: 'x', email: `${unique('a-')}@example.test`, password: PASSWORD, expires_at: '2000-01-01T00:00:00Z' },
      { name: 'x', email: `${unique('a-')}@example.test`, password: PASSWORD, status: 'active' },
    ]) {
      expectError(await api(BASE, { method: 'POST', headers: owner.auth, json }), 400, 'VALIDATION_ERROR');
    }
    expectError(await api(BASE, { method: 'POST', headers: owner.auth, json: { name: 'x', email: owner.email, password: PASSWORD } }), 409, 'CONFLICT');
    const rows = await withDb((db) => db.select().from(appAccounts).where(eq(appAccounts.tenantId, owner.tenantId)));
    expect(rows).toEqual([]);
  });

  it('suspending revokes its sessions at once and blocks sign-in; reactivating allows it; revoked is final', async () => {
    const owner = await newTenant();
    const { email, data, path } = await createAccount(owner);
    const app = await signIn(email, PASSWORD);
    expect((await api('/api/v1/secure/auth/me', { headers: app.auth })).status).toBe(200);

    const suspended = await api(path, { method: 'PATCH', headers: owner.auth, json: { status: 'suspended' } });
    expect(suspended.status).toBe(200);
    expectReferenceShape('PATCH', ONE, suspended);
    expect(suspended.body.data.status).toBe('suspended');
    expectError(await api('/api/v1/secure/auth/me', { headers: app.auth }), 401, 'UNAUTHORIZED');
    const open = await withDb((db) => db.select().from(sessions).where(eq(sessions.userId, data.auth_user_id)));
    expect(open.every((s) => s.revokedAt !== null)).toBe(true);
    expectError(await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: app.refreshToken } }), 401);
    expectError(await login(email), 401, 'UNAUTHORIZED');

    await api(path, { method: 'PATCH', headers: owner.auth, json: { status: 'active' } });
    expect((await login(email)).status).toBe(200);

    await api(path, { method: 'PATCH', headers: owner.auth, json: { status: 'revoked' } });
    expectError(await login(email), 401, 'UNAUTHORIZED');
    expectError(await api(path, { method: 'PATCH', headers: owner.auth, json: { status: 'active' } }), 409, 'CONFLICT');
  });

  it('an expired account cannot sign in and its sessions stop working', async () => {
    const owner = await newTenant();
    const { email, data } = await createAccount(owner, { expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    const app = await signIn(email, PASSWORD);
    await withDb((db) => db.update(appAccounts).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(appAccounts.id, data.id)));
    expectError(await api('/api/v1/secure/auth/me', { headers: app.auth }), 401, 'UNAUTHORIZED');
    expectError(await login(email), 401, 'UNAUTHORIZED');
  });

  it('patches permissions section by section and takes effect on the next request', async () => {
    const owner = await newTenant();
    const { email, path } = await createAccount(owner, { permissions: { resources: { read: true }, spaces: { read: true } } });
    const app = await signIn(email, PASSWORD);
    const res = await api(path, { method: 'PATCH', headers: owner.auth, json: { name: 'New name', permissions: { resources: { write: true } }, expires_at: null } });
    expect(res.body.data).toMatchObject({ name: 'New name', permissions: { resources: { read: true, write: true }, spaces: { read: true } } });
    const me = await api('/api/v1/secure/auth/me', { headers: app.auth });
    expect(me.body.user.permissions).toContain('resources:write');
    expectError(await api(path, { method: 'PATCH', headers: owner.auth, json: { status: 'paused' } }), 400, 'VALIDATION_ERROR');
  });

  it('regenerates a password (returned once) and sets a chosen one; old sessions end', async () => {
    const owner = await newTenant();
    const { email, path } = await createAccount(owner);
    const app = await signIn(email, PASSWORD);
    const regen = await api(`${path}/regenerate-password`, { method: 'POST', headers: owner.auth });
    expect(regen.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/app-accounts/{id}/regenerate-password', regen);
    expect(regen.body.data.password).toHaveLength(32);
    expectError(await api('/api/v1/secure/auth/me', { headers: app.auth }), 401);
    expectError(await login(email), 401);
    expect((await login(email, regen.body.data.password)).status).toBe(200);

    expectError(await api(`${path}/set-password`, { method: 'POST', headers: owner.auth, json: { password: 'too short' } }), 400, 'VALIDATION_ERROR');
    expect((await login(email, regen.body.data.password)).status).toBe(200); // unchanged
    const set = await api(`${path}/set-password`, { method: 'POST', headers: owner.auth, json: { password: 'a brand new password' } });
    expect(set.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/app-accounts/{id}/set-password', set);
    expect((await login(email, 'a brand new password')).status).toBe(200);
  });

  it('reports usage from real data: sessions, sign-ins, failed attempts, requests', async () => {
    const owner = await newTenant();
    const { email, path } = await createAccount(owner);
    const app = await signIn(email, PASSWORD);
    await signIn(email, PASSWORD);
    await login(email, 'wrong password!!');
    for (let i = 0; i < 3; i++) expect((await api('/api/v1/secure/auth/me', { headers: app.auth })).status).toBe(200);
    const stats = await until(
      () => api(`${path}/usage-stats`, { headers: owner.auth }),
      (r) => r.body?.data?.requests?.total >= 3,
    );
    expect(stats.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/app-accounts/{id}/usage-stats', stats);
    expect(stats.body.data).toMatchObject({
      status: 'active',
      sessions: { total: 2, active: 2 },
      sign_ins: { successful: 2, failed_last_30_days: 1 },
      requests: { total: 3 },
    });
    expect(stats.body.data.sessions.last_sign_in_at).not.toBeNull();
  });

  it('deletes the account and its sign-in identity', async () => {
    const owner = await newTenant();
    const { email, data, path } = await createAccount(owner);
    const app = await signIn(email, PASSWORD);
    const del = await api(path, { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expectError(await api(path, { headers: owner.auth }), 404, 'NOT_FOUND');
    expectError(await api('/api/v1/secure/auth/me', { headers: app.auth }), 401);
    expect(await withDb((db) => db.select().from(users).where(eq(users.id, data.auth_user_id)))).toEqual([]);
  });

  it("hides other tenants' accounts (404) and needs app_accounts permissions (401/403)", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const { email, path } = await createAccount(a);
    for (const [method, suffix, json] of [
      ['GET', '', undefined],
      ['PATCH', '', { status: 'suspended' }],
      ['DELETE', '', undefined],
      ['POST', '/regenerate-password', undefined],
      ['POST', '/set-password', { password: 'another long password' }],
      ['GET', '/usage-stats', undefined],
    ] as const) {
      expectError(await api(path + suffix, { method, headers: b.auth, ...(json ? { json } : {}) }), 404, 'NOT_FOUND');
    }
    expect((await login(email)).status).toBe(200); // untouched
    expectError(await api(BASE), 401, 'UNAUTHORIZED');
    const member = await addMember(a.tenantId, 'member');
    expectError(await api(BASE, { headers: member.auth }), 403, 'FORBIDDEN');
    expectError(await api(path, { method: 'PATCH', headers: member.auth, json: { status: 'suspended' } }), 403, 'FORBIDDEN');
    expectError(await api(BASE, { method: 'POST', headers: member.auth, json: { name: 'x', email: `${unique('z-')}@example.test`, password: PASSWORD } }), 403, 'FORBIDDEN');
  });
});
