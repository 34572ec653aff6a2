import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../src/db/schema/accounts';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { addMember, withDb } from '../helpers/db';
import { newTenant, signIn, unique } from '../helpers/identity';

const USERS = '/api/v1/secure/users/';

describe('users list', () => {
  it('lists only members of the caller’s tenant, with search, paging and total', async () => {
    const owner = await newTenant();
    const a = await addMember(owner.tenantId, 'member');
    await addMember(owner.tenantId, 'guest');
    const other = await newTenant();
    const res = await api(`${USERS}?limit=2`, { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', USERS, res);
    expect(res.body.pagination).toMatchObject({ total: 3, limit: 2, offset: 0, hasMore: true });
    const page2 = await api(`${USERS}?limit=2&offset=2`, { headers: owner.auth });
    const all = [...res.body.data, ...page2.body.data].map((u: { email: string }) => u.email);
    expect(all).toEqual([...all].sort());
    expect(all).not.toContain(other.email);
    expect(res.body.data.every((u: { tenantId: string }) => u.tenantId === owner.tenantId)).toBe(true);
    const found = await api(`${USERS}?search=${encodeURIComponent(a.email.slice(0, 10).toUpperCase())}`, { headers: owner.auth });
    expect(found.body.data.map((u: { id: string }) => u.id)).toEqual([a.userId]);
    const pct = await api(`${USERS}?search=%25`, { headers: owner.auth });
    expect(pct.body.data).toEqual([]);
  });

  it('401 without credentials, 400 for a bad page size, 403 without users:read', async () => {
    expectError(await api(USERS), 401);
    const owner = await newTenant();
    expectError(await api(`${USERS}?limit=1000`, { headers: owner.auth }), 400, 'VALIDATION_ERROR');
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(USERS, { headers: guest.auth }), 403, 'FORBIDDEN');
  });
});

describe('user creation', () => {
  it('creates an account that joins the tenant as member and can sign in', async () => {
    const owner = await newTenant();
    const email = `${unique('new-')}@Example.test`;
    const res = await api(USERS, { method: 'POST', headers: owner.auth, json: { email, password: 'a fine password', displayName: 'Nina', locale: 'de' } });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', USERS, res);
    expect(res.body.data).toMatchObject({ email: email.toLowerCase(), tenantId: owner.tenantId, display_name: 'Nina', locale: 'de', status: 'active', emailVerificationStatus: 'pending' });
    const nina = await signIn(email.toLowerCase(), 'a fine password');
    expect(nina.tenantId).toBe(owner.tenantId);
    const me = await api('/api/v1/secure/iam/', { headers: nina.auth });
    expect(me.body.data.isTenantAdmin).toBe(false);
  });

  it('409 for an email already in this tenant or in another tenant; 400 and nothing written for bad input', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId);
    const here = await api(USERS, { method: 'POST', headers: owner.auth, json: { email: member.email, password: 'a fine password' } });
    expectError(here, 409, 'CONFLICT');
    expect(here.body.details.reason).toBe('ALREADY_MEMBER');
    const other = await newTenant();
    const elsewhere = await api(USERS, { method: 'POST', headers: owner.auth, json: { email: other.email, password: 'a fine password' } });
    expectError(elsewhere, 409, 'CONFLICT');
    expect(elsewhere.body.details.reason).toBe('ACCOUNT_EXISTS');
    expect(elsewhere.body.message).toMatch(/invitations/);
    const email = `${unique('bad-')}@example.test`;
    const bad = await api(USERS, { method: 'POST', headers: owner.auth, json: { email, password: 'short' } });
    expectError(bad, 400, 'VALIDATION_ERROR');
    expect(await withDb((db) => db.select().from(users).where(eq(users.email, email)))).toEqual([]);
  });

  it('403 for a member without users:write', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const email = `${unique('x-')}@example.test`;
    expectError(await api(USERS, { method: 'POST', headers: member.auth, json: { email, password: 'a fine password' } }), 403);
    expect(await withDb((db) => db.select().from(users).where(eq(users.email, email)))).toEqual([]);
  });
});

describe('user details and update', () => {
  it('reads and updates a member; another tenant’s user is 404 and untouched', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId);
    const get = await api(`/api/v1/secure/users/${member.userId}`, { headers: owner.auth });
    expect(get.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/users/{id}', get);
    const patch = await api(`/api/v1/secure/users/${member.userId}`, { method: 'PATCH', headers: owner.auth, json: { firstName: 'สมชาย', lastName: 'ใจดี', locale: 'fr', settings: { theme: 'dark' } } });
    expect(patch.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/users/{id}', patch);
    expect(patch.body.data).toMatchObject({ first_name: 'สมชาย', last_name: 'ใจดี', locale: 'fr', settings: { theme: 'dark' } });

    const other = await newTenant();
    expectError(await api(`/api/v1/secure/users/${other.userId}`, { headers: owner.auth }), 404, 'NOT_FOUND');
    expectError(await api(`/api/v1/secure/users/${other.userId}`, { method: 'PATCH', headers: owner.auth, json: { firstName: 'Hacked' } }), 404);
    const [row] = await withDb((db) => db.select().from(users).where(eq(users.id, other.userId)));
    expect(row!.firstName).toBeNull();
    expectError(await api(`/api/v1/secure/users/${other.userId}/context`, { headers: owner.auth }), 404);
    expectError(await api(`/api/v1/secure/users/${other.userId}/reset-password`, { method: 'POST', headers: owner.auth }), 404);
  });

  it('400 for bad input (nothing written), 401, 403 for a member, 403 when the target outranks the caller', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId);
    const bad = await api(`/api/v1/secure/users/${member.userId}`, { method: 'PATCH', headers: owner.auth, json: { locale: 'xx', firstName: 'Zed' } });
    expectError(bad, 400, 'VALIDATION_ERROR');
    const [row] = await withDb((db) => db.select().from(users).where(eq(users.id, member.userId)));
    expect(row!.firstName).toBeNull();
    expectError(await api('/api/v1/secure/users/not-a-uuid', { headers: owner.auth }), 400);
    expectError(await api(`/api/v1/secure/users/${member.userId}`), 401);
    expectError(await api(`/api/v1/secure/users/${owner.userId}`, { method: 'PATCH', headers: member.auth, json: { firstName: 'X' } }), 403);
    const admin = await addMember(owner.tenantId, 'admin');
    expectError(await api(`/api/v1/secure/users/${owner.userId}`, { method: 'PATCH', headers: admin.auth, json: { firstName: 'X' } }), 403);
    expectError(await api(`/api/v1/secure/users/${owner.userId}/reset-password`, { method: 'POST', headers: admin.auth }), 403);
  });
});

describe('user context', () => {
  it('returns groups, permissions as {resource, action} and recent activity', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId);
    const g = await api('/api/v1/secure/groups/create', { method: 'POST', headers: owner.auth, json: { name: 'Auditors', permissions: ['audit:read'] } });
    await api(`/api/v1/secure/groups/${g.body.data.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: member.userId } });
    await signIn(member.email, member.password);
    const res = await api(`/api/v1/secure/users/${member.userId}/context`, { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/users/{id}/context', res);
    expect(res.body.data.groups).toEqual([{ id: g.body.data.id, name: 'Auditors', permissions: ['audit:read'] }]);
    expect(res.body.data.permissions).toContainEqual({ resource: 'audit', action: 'read' });
    expect(res.body.data.permissions).toContainEqual({ resource: 'users', action: 'read' });
    expect(res.body.data.permissions).not.toContainEqual({ resource: 'users', action: 'write' });
    const activity: { type: string; entity_type: string; timestamp: string }[] = res.body.data.recentActivity;
    expect(activity.map((a) => a.type)).toEqual(['sign_in', 'sign_in']);
    expect(activity.map((a) => a.timestamp)).toEqual(activity.map((a) => a.timestamp).sort().reverse());
    for (let i = 0; i < 4; i++) await signIn(member.email, member.password);
    const later = await api(`/api/v1/secure/users/${member.userId}/context`, { headers: owner.auth });
    expect(later.body.data.recentActivity.length).toBe(5);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(`/api/v1/secure/users/${member.userId}/context`, { headers: guest.auth }), 403);
  });
});

describe('admin password reset', () => {
  it('returns a temporary password once; the old password and every session stop working at once', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId);
    const second = await signIn(member.email, member.password);
    expect((await api('/api/v1/secure/auth/me', { headers: member.auth })).status).toBe(200);
    const res = await api(`/api/v1/secure/users/${member.userId}/reset-password`, { method: 'POST', headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/users/{id}/reset-password', res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const temp: string = res.body.data.password;
    expect(temp.length).toBeGreaterThanOrEqual(12);
    const again = await api(`/api/v1/secure/users/${member.userId}/reset-password`, { method: 'POST', headers: owner.auth });
    expect(again.body.data.password).not.toBe(temp);
    expectError(await api('/api/v1/secure/auth/me', { headers: member.auth }), 401);
    expectError(await api('/api/v1/secure/auth/me', { headers: second.auth }), 401);
    const refresh = await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: second.refreshToken } });
    expect(refresh.status).toBe(401);
    const oldLogin = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: member.email, password: member.password } });
    expect(oldLogin.status).toBe(401);
    expect((await api('/api/v1/public/auth/login', { method: 'POST', json: { email: member.email, password: temp } })).status).toBe(401);
    const fresh = await signIn(member.email, again.body.data.password);
    expect(fresh.userId).toBe(member.userId);
    const live = await withDb((db) => db.select().from(sessions).where(eq(sessions.userId, member.userId)));
    expect(live.filter((s) => !s.revokedAt).length).toBe(1);
    const member2 = await addMember(owner.tenantId);
    expectError(await api(`/api/v1/secure/users/${member2.userId}/reset-password`, { method: 'POST', headers: member.auth }), 401);
    expectError(await api(`/api/v1/secure/users/${member2.userId}/reset-password`, { method: 'POST', headers: fresh.auth }), 403);
  });
});
