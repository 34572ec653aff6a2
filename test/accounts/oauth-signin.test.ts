// OAuth sign-in through the API against the local IdP: providers, initiate, exchange, register.
import { createScheduledController, env } from 'cloudflare:test';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userIdentities } from '../../src/db/schema/accounts';
import { flowTasks } from '../../src/db/schema/accounts';
import { tenants, users } from '../../src/db/schema/accounts';
import { mfaMethods } from '../../src/db/schema/accounts';
import { oauthLoginHistory, oauthRegistrations, oauthStates } from '../../src/db/schema/accounts';
import type { Env } from '../../src/env';
import { scheduled } from '../../src/jobs';
import { sha256Hex } from '../../src/lib/crypto';
import { withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { authorize, exchange, idpUser, initiate, oauthRegister, oauthSignIn, REDIRECT } from '../helpers/oauth';

const PROVIDERS = '/api/v1/public/auth/providers';
const EXCHANGE = '/api/v1/public/auth/oauth/exchange';
const REGISTER = '/api/v1/public/auth/oauth/register';

async function setAuthConfig(tenantId: string, patch: Record<string, unknown>) {
  await withDb((db) => db.update(tenants).set({ authConfig: sql`${tenants.authConfig} || ${JSON.stringify(patch)}::jsonb` }).where(eq(tenants.id, tenantId)));
}
/** The address proven as by the verification link (registration leaves it unconfirmed). */
const confirmEmail = (userId: string) => withDb((db) => db.update(users).set({ emailConfirmedAt: new Date() }).where(eq(users.id, userId)));
const stateCount = () => withDb(async (db) => (await db.select({ n: sql<number>`count(*)::int` }).from(oauthStates))[0]!.n);

describe('GET /public/auth/providers', () => {
  it('lists the five providers, enabled when configured; platform defaults without a tenant', async () => {
    const res = await api(PROVIDERS);
    expect(res.status).toBe(200);
    expectReferenceShape('GET', PROVIDERS, res);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual(['google', 'microsoft', 'apple', 'facebook', 'github']);
    expect(res.body.data.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    expect(res.body.emailEnabled).toBe(true);
    expect(res.body.tenantConfig).toBeUndefined();
  });

  it("filters by the tenant's oauthProvidersEnabled (query or X-Tenant-ID) and reports its rules", async () => {
    const t = await newTenant();
    await setAuthConfig(t.tenantId, { oauthProvidersEnabled: ['github', 'google'], passwordAuthEnabled: false, mfaRequired: true });
    for (const res of [await api(`${PROVIDERS}?tenantId=${t.tenantId}`), await api(PROVIDERS, { headers: { 'x-tenant-id': t.tenantId } })]) {
      expectReferenceShape('GET', PROVIDERS, res);
      expect(res.body.data.filter((p: { enabled: boolean }) => p.enabled).map((p: { id: string }) => p.id)).toEqual(['google', 'github']);
      expect(res.body.emailEnabled).toBe(false);
      expect(res.body.tenantConfig).toEqual({ requireInvitation: false, allowSelfRegistration: true, passwordAuthEnabled: false, mfaRequired: true });
    }
  });

  it('404 for an unknown tenant, 400 for a malformed id', async () => {
    expectError(await api(`${PROVIDERS}?tenantId=${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    expectError(await api(`${PROVIDERS}?tenantId=nope`), 400, 'VALIDATION_ERROR');
  });
});

describe('POST /public/auth/oauth/initiate', () => {
  it('stores a hashed, expiring state with PKCE and nonce, and returns the provider URL', async () => {
    const res = await initiate('google');
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/auth/oauth/initiate', res);
    const d = res.body.data;
    expect(d).toMatchObject({ provider: 'google', clientType: 'web', redirectMode: 'client_callback' });
    const url = new URL(d.oauthUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ state: d.stateId, redirect_uri: REDIRECT, code_challenge_method: 'S256' });
    const [row] = await withDb((db) => db.select().from(oauthStates).where(eq(oauthStates.stateHash, d.stateId)));
    expect(row).toBeUndefined(); // the id itself is never stored
    const [stored] = await withDb(async (db) => db.select().from(oauthStates).where(eq(oauthStates.stateHash, await sha256Hex(d.stateId))));
    expect(stored).toMatchObject({ purpose: 'login', provider: 'google', clientType: 'web', redirectUrl: REDIRECT, usedAt: null });
    expect(url.searchParams.get('nonce')).toBe(stored!.nonce);
    const ttl = new Date(d.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
  });

  it('refuses a redirect URL outside the allow-list (platform or tenant) and writes nothing', async () => {
    const before = await stateCount();
    const res = await initiate('google', { redirectUrl: 'https://evil.test/auth/callback' });
    expectError(res, 400, 'BAD_REQUEST');
    expect(res.body.details.reason).toBe('REDIRECT_URL_NOT_ALLOWED');
    const t = await newTenant();
    await setAuthConfig(t.tenantId, { allowedOAuthRedirectUrls: ['https://tenant.test/cb'] });
    expectError(await initiate('google', { tenantId: t.tenantId }), 400, 'BAD_REQUEST'); // the platform's URL is not the tenant's
    expect(await stateCount()).toBe(before);
  });

  it('applies the scheme rules per client type', async () => {
    for (const [clientType, redirectUrl] of [
      ['web', 'http://app.test/auth/callback'],
      ['extension', REDIRECT],
      ['mobile', 'javascript://x'],
      ['desktop', REDIRECT],
    ]) {
      const res = await initiate('google', { clientType, redirectUrl });
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(res.body.details.fields.redirectUrl).toHaveLength(1);
    }
  });

  it('400 for invalid input, 400 for a provider the tenant disabled, 404 for an unknown tenant', async () => {
    const before = await stateCount();
    const bad = await api('/api/v1/public/auth/oauth/initiate', { method: 'POST', json: { provider: 'myspace', redirectUrl: REDIRECT, clientType: 'tv' } });
    expectError(bad, 400, 'VALIDATION_ERROR');
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['clientType', 'provider']);
    const t = await newTenant();
    await setAuthConfig(t.tenantId, { oauthProvidersEnabled: ['github'] });
    const off = await initiate('google', { tenantId: t.tenantId });
    expectError(off, 400);
    expect(off.body.details.reason).toBe('PROVIDER_NOT_ENABLED');
    expectError(await initiate('google', { tenantId: crypto.randomUUID() }), 404, 'NOT_FOUND');
    expect(await stateCount()).toBe(before);
  });
});

describe('POST /public/auth/oauth/exchange + register', () => {
  it('new identity → registration_required → create_tenant → signed in as owner', async () => {
    const who = await idpUser({ name: 'Greta Google', picture: 'https://img.test/g.png' });
    const { res } = await oauthSignIn('google', who.hint);
    expect(res.status).toBe(200);
    expectReferenceShape('POST', EXCHANGE, res);
    expect(res.body.data).toMatchObject({
      status: 'registration_required',
      provider: 'google',
      requiresPostAuthFlow: false,
      user: null,
      registration: { email: who.email, displayName: 'Greta Google', avatarUrl: 'https://img.test/g.png' },
    });
    // The registration tokens open nothing else.
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${res.body.data.accessToken}` } }), 401);
    const domain = `g-${Math.random().toString(36).slice(2, 10)}`;
    const reg = await api(REGISTER, {
      method: 'POST',
      json: { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken, registrationMode: 'create_tenant', tenantName: 'Greta Co', tenantDomain: domain },
    });
    expect(reg.status).toBe(201);
    expectReferenceShape('POST', REGISTER, reg);
    expect(reg.body).toMatchObject({ success: true, user: { email: who.email, displayName: 'Greta Google', tenantName: 'Greta Co' }, requiresPostAuthFlow: false });
    const me = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${reg.body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: who.email, isTenantAdmin: true });
    const [u] = await withDb((db) => db.select().from(users).where(eq(users.id, reg.body.user.id)));
    expect(u).toMatchObject({ passwordHash: null, primaryProvider: 'google' });
    expect(u!.emailConfirmedAt).not.toBeNull();
    // Spent: a second register with the same tokens is refused.
    const again = await api(REGISTER, {
      method: 'POST',
      json: { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken, registrationMode: 'system_tenant' },
    });
    expectError(again, 401, 'UNAUTHORIZED');
    // Next time the identity signs straight in.
    const next = await oauthSignIn('google', who.hint);
    expectReferenceShape('POST', EXCHANGE, next.res);
    expect(next.res.body.data).toMatchObject({ status: 'authenticated', registration: null, user: { id: reg.body.user.id, email: who.email, isTenantAdmin: true } });
    expect((await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${next.res.body.data.accessToken}` } })).status).toBe(200);
  });

  it('system_tenant: creates the platform tenant (slug system, type system) once and joins it as member', async () => {
    const a = await oauthRegister('github', { registrationMode: 'system_tenant', tenantName: undefined, tenantDomain: undefined });
    const b = await oauthRegister('microsoft', { registrationMode: 'system_tenant', tenantName: undefined, tenantDomain: undefined }, { email: `ms-${Date.now()}@idp.example.test` });
    expect(a.tenantId).toBe(b.tenantId);
    const [t] = await withDb((db) => db.select().from(tenants).where(eq(tenants.slug, 'system')));
    expect(t).toMatchObject({ id: a.tenantId, type: 'system' });
    const me = await api('/api/v1/secure/auth/me', { headers: a.auth });
    expect(me.body.user).toMatchObject({ isTenantAdmin: false });
  });

  it('register: 400 for missing create_tenant fields (tokens not spent), 404 for an unknown invite code, 401 for bad tokens', async () => {
    const who = await idpUser();
    const { res } = await oauthSignIn('google', who.hint);
    const tokens = { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken };
    const bad = await api(REGISTER, { method: 'POST', json: { ...tokens, registrationMode: 'create_tenant', tenantDomain: 'Not Valid' } });
    expectError(bad, 400, 'VALIDATION_ERROR');
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['tenantDomain', 'tenantName']);
    expectError(await api(REGISTER, { method: 'POST', json: { ...tokens, registrationMode: 'nope' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(REGISTER, { method: 'POST', json: { ...tokens, registrationMode: 'join_tenant', inviteCode: 'NOSUCHCODE123456' } }), 404);
    expectError(await api(REGISTER, { method: 'POST', json: { ...tokens, registrationMode: 'join_tenant' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(REGISTER, { method: 'POST', json: { ...tokens, refreshToken: 'orr_wrong', registrationMode: 'system_tenant' } }), 401);
    expectError(await api(REGISTER, { method: 'POST', json: { accessToken: 'x.y.z', refreshToken: tokens.refreshToken, registrationMode: 'system_tenant' } }), 401);
    expect(await withDb(async (db) => (await db.select().from(users).where(eq(users.email, who.email!))).length)).toBe(0);
    // The tokens still work after the refusals.
    const ok = await api(REGISTER, { method: 'POST', json: { ...tokens, registrationMode: 'system_tenant' } });
    expect(ok.status).toBe(201);
  });

  it('join_tenant: accepts an invitation to the identity’s email, once', async () => {
    const owner = await newTenant();
    const who = await idpUser();
    const invite = await api('/api/v1/secure/invitations/', { method: 'POST', headers: owner.auth, json: { recipient_email: who.email, role: 'member' } });
    expect(invite.status).toBe(201);
    const { res } = await oauthSignIn('google', who.hint);
    const tokens = { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken };
    const joined = await api(REGISTER, { method: 'POST', json: { ...tokens, registrationMode: 'join_tenant', inviteCode: invite.body.data.full_code } });
    expect(joined.status).toBe(201);
    expect(joined.body.user).toMatchObject({ email: who.email, tenantId: owner.tenantId });
    const role = await api('/api/v1/secure/auth/tenant-role', { headers: { authorization: `Bearer ${joined.body.accessToken}` } });
    expect(role.body).toEqual({ tenantId: owner.tenantId, role: 'member' });
    const shown = await api(`/api/v1/secure/invitations/${invite.body.data.id}`, { headers: owner.auth });
    expect(shown.body.data.status).toBe('accepted');
    const other = await idpUser();
    const second = await oauthSignIn('google', other.hint);
    const reuse = await api(REGISTER, {
      method: 'POST',
      json: { accessToken: second.res.body.data.accessToken, refreshToken: second.res.body.data.refreshToken, registrationMode: 'join_tenant', inviteCode: invite.body.data.full_code },
    });
    expectError(reuse, 409);
  });

  it('a provider-verified email equal to an existing account links and signs in; an unverified one never links', async () => {
    const owner = await newTenant();
    await confirmEmail(owner.userId);
    const verified = await idpUser({ email: owner.email, email_verified: true });
    const { res } = await oauthSignIn('google', verified.hint);
    expect(res.body.data).toMatchObject({ status: 'authenticated', user: { id: owner.userId, tenantId: owner.tenantId } });
    const ids = await withDb((db) => db.select().from(userIdentities).where(eq(userIdentities.userId, owner.userId)));
    expect(ids.map((i) => [i.provider, i.subject])).toEqual([['google', verified.sub]]);

    const other = await newTenant();
    const fb = await idpUser({ email: other.email }); // Facebook never vouches for emails
    const refused = await oauthSignIn('facebook', fb.hint);
    expectError(refused.res, 409, 'CONFLICT');
    expect(await withDb(async (db) => (await db.select().from(userIdentities).where(eq(userIdentities.userId, other.userId))).length)).toBe(0);
    expect(await withDb(async (db) => (await db.select().from(oauthRegistrations).where(eq(oauthRegistrations.subject, fb.sub))).length)).toBe(0);
  });

  it('never links to an account that has not confirmed its email (pre-hijacking): 409, sign in and link from the profile', async () => {
    // Someone registered the address first without owning the mailbox; its owner now signs in with Google.
    const squatter = await newTenant();
    const victim = await idpUser({ email: squatter.email, email_verified: true });
    const { res } = await oauthSignIn('google', victim.hint);
    expectError(res, 409, 'CONFLICT');
    expect(res.body.details.reason).toBe('LOCAL_EMAIL_NOT_CONFIRMED');
    expect(res.body.message).toMatch(/link the provider from your profile/);
    expect(await withDb(async (db) => (await db.select().from(userIdentities).where(eq(userIdentities.userId, squatter.userId))).length)).toBe(0);
    expect(await withDb(async (db) => (await db.select().from(userIdentities).where(eq(userIdentities.subject, victim.sub))).length)).toBe(0);
  });

  it('honours 2FA (restricted session) and pending mandatory post-sign-in tasks', async () => {
    const owner = await newTenant();
    await confirmEmail(owner.userId);
    await withDb(async (db) => {
      await db.insert(mfaMethods).values({ userId: owner.userId, method: 'email', deliveryTarget: owner.email, enabledAt: new Date() });
      await db.insert(flowTasks).values({ tenantId: owner.tenantId, type: 'custom', name: 'Accept terms', targetRoute: '/terms', isMandatory: true });
    });
    const who = await idpUser({ email: owner.email });
    const { res } = await oauthSignIn('google', who.hint);
    expectReferenceShape('POST', EXCHANGE, res);
    expect(res.body.data).toMatchObject({ status: 'authenticated', requiresPostAuthFlow: true, user: { permissions: [], groups: [] } });
    const me = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${res.body.data.accessToken}` } });
    expectError(me, 403, 'FORBIDDEN');
    expect(me.body.details.reason).toBe('MFA_REQUIRED');
  });

  it('refuses a replayed state, an expired state and a state of another provider', async () => {
    const who = await idpUser();
    const { back, res } = await oauthSignIn('google', who.hint);
    expect(res.status).toBe(200);
    const replay = await exchange(back.code!, back.state!);
    expectError(replay, 400);
    expect(replay.body.details.reason).toBe('STATE_USED');

    const late = await initiate('google');
    await withDb(async (db) => db.update(oauthStates).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(oauthStates.stateHash, await sha256Hex(late.body.data.stateId))));
    const lateBack = await authorize(late.body.data.oauthUrl, who.hint);
    const expired = await exchange(lateBack.code!, late.body.data.stateId);
    expectError(expired, 400);
    expect(expired.body.details.reason).toBe('STATE_EXPIRED');

    // A GitHub code presented with a Google state: named explicitly, or found out by Google.
    const g = await initiate('google');
    const gh = await initiate('github');
    const ghBack = await authorize(gh.body.data.oauthUrl, who.hint);
    const named = await exchange(ghBack.code!, g.body.data.stateId, '?provider=github');
    expectError(named, 400);
    expect(named.body.details.reason).toBe('STATE_PROVIDER_MISMATCH');
    const g2 = await initiate('google');
    expectError(await exchange(ghBack.code!, g2.body.data.stateId), 400, 'BAD_REQUEST');

    expectError(await exchange('code', crypto.randomUUID()), 400);
    expectError(await api(EXCHANGE, { method: 'POST', json: { code: '', pveState: 'nope' } }), 400, 'VALIDATION_ERROR');
  });

  it('records every attempt (successes and failures) in the login history', async () => {
    const reg = await oauthRegister('google');
    const init = await initiate('google');
    const back = await authorize(init.body.data.oauthUrl, reg.who.hint);
    expect((await exchange(back.code!, back.state!)).status).toBe(200);
    const rows = await withDb((db) => db.select().from(oauthLoginHistory).where(eq(oauthLoginHistory.userId, reg.userId)).orderBy(oauthLoginHistory.attemptedAt));
    expect(rows.map((r) => r.success)).toEqual([true, true]);
    const fails = await withDb((db) =>
      db.select().from(oauthLoginHistory).where(and(eq(oauthLoginHistory.success, false), sql`${oauthLoginHistory.error} like '%expired%'`)),
    );
    expect(fails.length).toBeGreaterThan(0);
  });
});

describe('cron', () => {
  it('prunes states a day after they expired, keeps fresh ones', async () => {
    const old = await initiate('google');
    const fresh = await initiate('google');
    const hash = (id: string) => sha256Hex(id);
    await withDb(async (db) => db.update(oauthStates).set({ expiresAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(oauthStates.stateHash, await hash(old.body.data.stateId))));
    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as Env);
    const left = async (id: string) => withDb(async (db) => (await db.select().from(oauthStates).where(eq(oauthStates.stateHash, await hash(id)))).length);
    expect(await left(old.body.data.stateId)).toBe(0);
    expect(await left(fresh.body.data.stateId)).toBe(1);
  });
});
