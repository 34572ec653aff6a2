import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { addMember, addMembership, withDb } from '../helpers/db';
import { newTenant, signIn } from '../helpers/identity';

/** A user who owns tenant A and is a member of tenant B. */
async function twoTenants() {
  const a = await newTenant();
  const b = await newTenant();
  await addMembership(a.userId, b.tenantId, 'member');
  return { a, b };
}

describe('user-tenants (public)', () => {
  it('lists active tenants of an email and reveals nothing for unknown emails', async () => {
    const { a, b } = await twoTenants();
    const res = await api(`/api/v1/public/auth/user-tenants?email=${encodeURIComponent(a.email.toUpperCase())}`);
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/public/auth/user-tenants', res);
    expect(res.body.tenants.map((t: any) => t.id)).toEqual([a.tenantId, b.tenantId]);
    expect(res.body.hasMultipleTenants).toBe(true);
    const none = await api('/api/v1/public/auth/user-tenants?email=nobody-here%40example.test');
    expect(none.body).toEqual({ tenants: [], hasMultipleTenants: false });
    expectError(await api('/api/v1/public/auth/user-tenants?email=not-an-email'), 400);
  });
});

describe('my tenants', () => {
  it('lists memberships with the active and default tenant', async () => {
    const { a, b } = await twoTenants();
    const res = await api('/api/v1/secure/auth/tenants', { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/auth/tenants', res);
    expect(res.body.activeTenantId).toBe(a.tenantId);
    expect(res.body.defaultTenantId).toBe(a.tenantId);
    expect(res.body.data.map((m: any) => [m.tenantId, m.role])).toEqual([
      [a.tenantId, 'owner'],
      [b.tenantId, 'member'],
    ]);
    expectError(await api('/api/v1/secure/auth/tenants'), 401);
  });

  it('switches the session to another tenant on the next request', async () => {
    const { a, b } = await twoTenants();
    const sw = await api('/api/v1/secure/auth/switch-tenant', { method: 'POST', headers: a.auth, json: { tenantId: b.tenantId } });
    expect(sw.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/auth/switch-tenant', sw);
    expect(sw.body).toMatchObject({ tenantId: b.tenantId, role: 'member' });
    const role = await api('/api/v1/secure/auth/tenant-role', { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/auth/tenant-role', role);
    expect(role.body).toEqual({ tenantId: b.tenantId, role: 'member' });
    const me = await api('/api/v1/secure/auth/me', { headers: a.auth });
    expect(me.body.user).toMatchObject({ tenantId: b.tenantId, isTenantAdmin: false });
  });

  it('refuses to switch to a tenant without membership (404) and invalid ids (400)', async () => {
    const a = await newTenant();
    const stranger = await newTenant();
    expectError(await api('/api/v1/secure/auth/switch-tenant', { method: 'POST', headers: a.auth, json: { tenantId: stranger.tenantId } }), 404);
    expectError(await api('/api/v1/secure/auth/switch-tenant', { method: 'POST', headers: a.auth, json: { tenantId: 'nope' } }), 400);
    const role = await api('/api/v1/secure/auth/tenant-role', { headers: a.auth });
    expect(role.body.tenantId).toBe(a.tenantId);
  });

  it('sets the default tenant used at sign-in', async () => {
    const { a, b } = await twoTenants();
    const res = await api('/api/v1/secure/auth/default-tenant', { method: 'PATCH', headers: a.auth, json: { tenantId: b.tenantId } });
    expectReferenceShape('PATCH', '/api/v1/secure/auth/default-tenant', res);
    const again = await signIn(a.email, a.password);
    expect(again.tenantId).toBe(b.tenantId);
    const stranger = await newTenant();
    expectError(await api('/api/v1/secure/auth/default-tenant', { method: 'PATCH', headers: a.auth, json: { tenantId: stranger.tenantId } }), 404);
  });

  it('leaves a tenant, moving the session, but never the last owner or the only tenant', async () => {
    const { a, b } = await twoTenants();
    const solo = await api(`/api/v1/secure/auth/leave-tenant/${a.tenantId}`, { method: 'POST', headers: a.auth });
    expectError(solo, 409); // a is the only owner of A
    await api('/api/v1/secure/auth/switch-tenant', { method: 'POST', headers: a.auth, json: { tenantId: b.tenantId } });
    const left = await api(`/api/v1/secure/auth/leave-tenant/${b.tenantId}`, { method: 'POST', headers: a.auth });
    expect(left.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/auth/leave-tenant/{tenantId}', left);
    const role = await api('/api/v1/secure/auth/tenant-role', { headers: a.auth });
    expect(role.body.tenantId).toBe(a.tenantId);
    expectError(await api(`/api/v1/secure/auth/leave-tenant/${b.tenantId}`, { method: 'POST', headers: a.auth }), 404);
    const only = await addMember(a.tenantId, 'member');
    expectError(await api(`/api/v1/secure/auth/leave-tenant/${a.tenantId}`, { method: 'POST', headers: only.auth }), 409);
  });
});

describe('password change and account closing', () => {
  it('changes the password and signs out the other sessions', async () => {
    const a = await newTenant();
    const other = await signIn(a.email, a.password);
    const res = await api('/api/v1/secure/auth/me/change-password', { method: 'POST', headers: a.auth, json: { currentPassword: a.password, newPassword: 'a brand new password' } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/auth/me/change-password', res);
    expect((await api('/api/v1/secure/auth/me', { headers: a.auth })).status).toBe(200);
    expectError(await api('/api/v1/secure/auth/me', { headers: other.auth }), 401);
    expectError(await api('/api/v1/public/auth/login', { method: 'POST', json: { email: a.email, password: a.password } }), 401);
    await signIn(a.email, 'a brand new password');
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const a = await newTenant();
    const res = await api('/api/v1/secure/auth/me/change-password', { method: 'POST', headers: a.auth, json: { currentPassword: 'not my password', newPassword: 'another password' } });
    expectError(res, 400, 'VALIDATION_ERROR');
    await signIn(a.email, a.password);
  });

  it('checks the current password under the sign-in throttle: blocked at sign-in means blocked here (429, Retry-After)', async () => {
    const a = await newTenant();
    const ip = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    const login = (email: string) => api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email, password: 'a guessed password' } });
    for (let i = 0; i < 30; i++) expectError(await login(`nobody-${i}-${ip}@example.test`), 401);
    const change = (currentPassword: string) =>
      api('/api/v1/secure/auth/me/change-password', { method: 'POST', headers: { ...a.auth, 'cf-connecting-ip': ip }, json: { currentPassword, newPassword: 'another password' } });
    const refused = await change('not my password');
    expectError(refused, 429, 'TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Lift the IP's block (and its auto-block count) to see the account's counter on its own.
    await withDb((db) => db.execute(sql`delete from auth_throttle where key in (${`login:ip:${ip}`}, ${`autoblock:ip:${ip}`})`));
    // Wrong current passwords count as failed sign-ins of the account.
    for (let i = 0; i < 5; i++) expectError(await change(`not my password ${i}`), 400);
    expectError(await api('/api/v1/public/auth/login', { method: 'POST', json: { email: a.email, password: a.password } }), 429);
    await withDb((db) => db.execute(sql`delete from auth_throttle where key in (${`login:ip:${ip}`}, ${`autoblock:ip:${ip}`}, ${`login:account:${a.email}`})`));
  });

  it('resets preferences to the default', async () => {
    const a = await newTenant();
    await api('/api/v1/secure/auth/me', { method: 'PATCH', headers: a.auth, json: { settings: { theme: 'dark' } } });
    const res = await api('/api/v1/secure/auth/me/preferences', { method: 'DELETE', headers: a.auth });
    expectReferenceShape('DELETE', '/api/v1/secure/auth/me/preferences', res);
    expect(res.body.user.settings).toEqual({});
  });

  it('closes an account: sessions end, sign-in fails, the email can be used again', async () => {
    const a = await newTenant();
    const member = await addMember(a.tenantId, 'member');
    expectError(await api('/api/v1/secure/auth/account', { method: 'DELETE', headers: a.auth }), 409); // last owner with members
    const res = await api('/api/v1/secure/auth/account', { method: 'DELETE', headers: member.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('DELETE', '/api/v1/secure/auth/account', res);
    expectError(await api('/api/v1/secure/auth/me', { headers: member.auth }), 401);
    expectError(await api('/api/v1/public/auth/login', { method: 'POST', json: { email: member.email, password: member.password } }), 401);
  });
});
