import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { oneTimeTokens, users } from '../../src/db/schema/accounts';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { lastMessage, withDb } from '../helpers/db';
import { newTenant, signIn, unique } from '../helpers/identity';

const tokenOf = async (email: string, template: string) => {
  const msg = await lastMessage(email, template);
  expect(msg, `an ${template} message to ${email}`).toBeDefined();
  return String(msg!.payload.token);
};

describe('email verification', () => {
  it('sends a link at registration that verifies once', async () => {
    const owner = await newTenant();
    const msg = await lastMessage(owner.email, 'verify_email');
    expect(msg!.body).toContain('/verify-email?token=');
    const token = String(msg!.payload.token);
    const ok = await api('/api/v1/public/auth/verify-email', { method: 'POST', json: { token } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ verified: true, email: owner.email });
    const [u] = await withDb((db) => db.select().from(users).where(eq(users.id, owner.userId)));
    expect(u!.emailConfirmedAt).toBeInstanceOf(Date);
    expectError(await api('/api/v1/public/auth/verify-email', { method: 'POST', json: { token } }), 400);
    expectError(await api('/api/v1/public/auth/verify-email', { method: 'POST', json: { token: 'forged' } }), 400);
  });

  it('delivers the message after the request commits', async () => {
    const owner = await newTenant();
    for (let i = 0; i < 50; i++) {
      const msg = await lastMessage(owner.email, 'verify_email');
      if (msg?.status === 'sent') return expect(msg.provider).toBe('local');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('verification email was never delivered');
  });

  it('resends only to unverified accounts, answering the same either way', async () => {
    const owner = await newTenant();
    const first = await tokenOf(owner.email, 'verify_email');
    await withDb((db) => db.update(oneTimeTokens).set({ createdAt: new Date(Date.now() - 120_000) }).where(eq(oneTimeTokens.userId, owner.userId)));
    const res = await api('/api/v1/public/auth/resend-verification', { method: 'POST', json: { email: owner.email } });
    expectReferenceShape('POST', '/api/v1/public/auth/resend-verification', res);
    const second = await tokenOf(owner.email, 'verify_email');
    expect(second).not.toBe(first);
    expectError(await api('/api/v1/public/auth/verify-email', { method: 'POST', json: { token: first } }), 400); // replaced
    const unknown = await api('/api/v1/public/auth/resend-verification', { method: 'POST', json: { email: `nobody-${owner.email}` } });
    expect(unknown.body).toEqual(res.body);
    expectError(await api('/api/v1/public/auth/resend-verification', { method: 'POST', json: { email: 'nope' } }), 400);
  });
});

describe('password reset', () => {
  it('resets with a single-use token and signs out every session', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/public/auth/forgot-password', { method: 'POST', json: { email: owner.email } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/auth/forgot-password', res);
    const token = await tokenOf(owner.email, 'password_reset');
    const check = await api(`/api/v1/public/auth/validate-reset-token?token=${encodeURIComponent(token)}`);
    expectReferenceShape('GET', '/api/v1/public/auth/validate-reset-token', check);
    expect(check.body).toEqual({ valid: true, email: owner.email });
    const done = await api('/api/v1/public/auth/reset-password', { method: 'POST', json: { token, password: 'reset password 2' } });
    expect(done.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/auth/reset-password', done);
    expectError(await api('/api/v1/secure/auth/me', { headers: owner.auth }), 401);
    await signIn(owner.email, 'reset password 2');
    expectError(await api('/api/v1/public/auth/reset-password', { method: 'POST', json: { token, password: 'third password 3' } }), 400);
    expect((await api(`/api/v1/public/auth/validate-reset-token?token=${encodeURIComponent(token)}`)).body).toEqual({ valid: false });
  });

  it('refuses expired tokens', async () => {
    const owner = await newTenant();
    await api('/api/v1/public/auth/forgot-password', { method: 'POST', json: { email: owner.email } });
    const token = await tokenOf(owner.email, 'password_reset');
    await withDb((db) => db.update(oneTimeTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(oneTimeTokens.userId, owner.userId)));
    expectError(await api('/api/v1/public/auth/reset-password', { method: 'POST', json: { token, password: 'reset password 2' } }), 400);
    await signIn(owner.email, owner.password);
  });

  it('answers the same for unknown emails and rejects weak input', async () => {
    const res = await api('/api/v1/public/auth/forgot-password', { method: 'POST', json: { email: `${unique('ghost')}@example.test` } });
    expect(res.status).toBe(200);
    expectError(await api('/api/v1/public/auth/reset-password', { method: 'POST', json: { token: 'x', password: 'short' } }), 400, 'VALIDATION_ERROR');
    expectError(await api('/api/v1/public/auth/validate-reset-token'), 400);
  });
});

describe('register-user (self-registration into a tenant)', () => {
  const body = (tenantId?: string) => ({ email: `${unique('self')}@example.test`, password: 'self password 1', displayName: 'Selma', ...(tenantId && { tenantId }) });

  it('joins an open tenant as a member, by tenantId or X-Tenant-ID', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/public/auth/register-user', { method: 'POST', json: body(owner.tenantId) });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', '/api/v1/public/auth/register-user', res);
    expect(res.body).toMatchObject({ requiresVerification: true, user: { displayName: 'Selma', tenantId: owner.tenantId } });
    const viaHeader = body();
    const res2 = await api('/api/v1/public/auth/register-user', { method: 'POST', headers: { 'x-tenant-id': owner.tenantId }, json: viaHeader });
    expect(res2.status).toBe(201);
    const member = await signIn(viaHeader.email, viaHeader.password);
    const role = await api('/api/v1/secure/auth/tenant-role', { headers: member.auth });
    expect(role.body).toEqual({ tenantId: owner.tenantId, role: 'member' });
  });

  it('is refused when the tenant requires invitations or disables passwords', async () => {
    const { tenants } = await import('../../src/db/schema/accounts');
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ authConfig: { requireInvitation: true, allowSelfRegistration: true, passwordAuthEnabled: true, mfaRequired: false, oauthProvidersEnabled: [], allowedOAuthRedirectUrls: [], defaultOAuthRedirectUrl: null } }).where(eq(tenants.id, owner.tenantId)));
    const b = body(owner.tenantId);
    expectError(await api('/api/v1/public/auth/register-user', { method: 'POST', json: b }), 403);
    await withDb((db) => db.update(tenants).set({ authConfig: { requireInvitation: false, allowSelfRegistration: true, passwordAuthEnabled: false, mfaRequired: false, oauthProvidersEnabled: [], allowedOAuthRedirectUrls: [], defaultOAuthRedirectUrl: null } }).where(eq(tenants.id, owner.tenantId)));
    expectError(await api('/api/v1/public/auth/register-user', { method: 'POST', json: b }), 403);
    const [u] = await withDb((db) => db.select().from(users).where(eq(users.email, b.email)));
    expect(u).toBeUndefined();
  });

  it('answers 409 for a taken email, 404 for an unknown tenant, 400 for bad input', async () => {
    const owner = await newTenant();
    expectError(await api('/api/v1/public/auth/register-user', { method: 'POST', json: { ...body(owner.tenantId), email: owner.email } }), 409);
    expectError(await api('/api/v1/public/auth/register-user', { method: 'POST', json: body(crypto.randomUUID()) }), 404);
    expectError(await api('/api/v1/public/auth/register-user', { method: 'POST', json: body() }), 404);
    expectError(await api('/api/v1/public/auth/register-user', { method: 'POST', json: { email: 'x', password: '1' } }), 400);
  });
});
