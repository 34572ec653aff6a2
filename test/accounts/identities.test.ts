// Linked identities: list, link through the exchange, unlink, primary method, history, merge.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userIdentities } from '../../src/db/schema/accounts';
import { groupMembers, groups } from '../../src/db/schema/access';
import { memberships, sessions, users } from '../../src/db/schema/accounts';
import { oauthStates } from '../../src/db/schema/accounts';
import { addMembership, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { authorize, exchange, idpUser, oauthRegister, REDIRECT } from '../helpers/oauth';

const IDS = '/api/v1/secure/auth/identities';
const HISTORY = '/api/v1/secure/auth/oauth-history';
const MERGE = '/api/v1/secure/auth/merge-accounts';

/** Links `provider` to a signed-in account through link → provider → exchange. */
async function link(who: SignedIn | { auth: { authorization: string } }, provider: string, hint?: string) {
  const start = await api(`/api/v1/secure/auth/link/${provider}`, { method: 'POST', headers: who.auth, json: { redirectUrl: REDIRECT } });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  expectReferenceShape('POST', '/api/v1/secure/auth/link/{provider}', start);
  const back = await authorize(start.body.url, hint ?? (await idpUser()).hint);
  return exchange(back.code!, back.state!);
}

describe('identities, link, unlink, primary', () => {
  it('links a provider to a password account and lists it', async () => {
    const owner = await newTenant();
    const empty = await api(IDS, { headers: owner.auth });
    expectReferenceShape('GET', IDS, empty);
    expect(empty.body).toEqual({ data: [], email_auth_enabled: true, total: 0 });
    const who = await idpUser({ picture: 'https://img.test/x.png' });
    const done = await link(owner, 'github', who.hint);
    expect(done.body.data).toMatchObject({ status: 'authenticated', user: { id: owner.userId } });
    const [state] = await withDb((db) => db.select().from(oauthStates).where(eq(oauthStates.userId, owner.userId)));
    expect(state).toMatchObject({ purpose: 'link', tenantId: owner.tenantId });
    const list = await api(IDS, { headers: owner.auth });
    expectReferenceShape('GET', IDS, list);
    expect(list.body.total).toBe(1);
    expect(list.body.data[0]).toMatchObject({ provider: 'github', email: who.email, avatar_url: 'https://img.test/x.png', is_primary: false });
    // Signing in with GitHub now reaches the same account.
    const init = await api('/api/v1/public/auth/oauth/initiate', { method: 'POST', json: { provider: 'github', redirectUrl: REDIRECT, clientType: 'web' } });
    const back = await authorize(init.body.data.oauthUrl, who.hint);
    expect((await exchange(back.code!, back.state!)).body.data.user.id).toBe(owner.userId);
  });

  it('link: 409 when already linked or owned by another account, 400 for a bad URL or provider, 401 without a token', async () => {
    const a = await newTenant();
    const who = await idpUser();
    expect((await link(a, 'google', who.hint)).status).toBe(200);
    expectError(await api('/api/v1/secure/auth/link/google', { method: 'POST', headers: a.auth, json: { redirectUrl: REDIRECT } }), 409, 'CONFLICT');
    const b = await newTenant();
    const taken = await link(b, 'google', who.hint);
    expectError(taken, 409, 'CONFLICT');
    expect(await withDb(async (db) => (await db.select().from(userIdentities).where(eq(userIdentities.userId, b.userId))).length)).toBe(0);
    const before = await withDb(async (db) => (await db.select().from(oauthStates).where(eq(oauthStates.userId, b.userId))).length);
    expectError(await api('/api/v1/secure/auth/link/github', { method: 'POST', headers: b.auth, json: { redirectUrl: 'https://evil.test/cb' } }), 400);
    expectError(await api('/api/v1/secure/auth/link/github', { method: 'POST', headers: b.auth, json: { redirectUrl: 'not a url' } }), 400, 'VALIDATION_ERROR');
    expectError(await api('/api/v1/secure/auth/link/github', { method: 'POST', headers: b.auth, json: {} }), 400, 'VALIDATION_ERROR'); // no tenant default
    expectError(await api('/api/v1/secure/auth/link/myspace', { method: 'POST', headers: b.auth, json: { redirectUrl: REDIRECT } }), 400, 'VALIDATION_ERROR');
    expect(await withDb(async (db) => (await db.select().from(oauthStates).where(eq(oauthStates.userId, b.userId))).length)).toBe(before);
    expectError(await api('/api/v1/secure/auth/link/github', { method: 'POST', json: { redirectUrl: REDIRECT } }), 401);
    expectError(await api(IDS), 401);
  });

  it('unlink: never the last way to sign in; 404 when not linked; primary falls back', async () => {
    const o = await oauthRegister('google');
    const list = await api(IDS, { headers: o.auth });
    expect(list.body).toMatchObject({ email_auth_enabled: false, total: 1, data: [{ provider: 'google', is_primary: true }] });
    const last = await api('/api/v1/secure/auth/unlink/google', { method: 'DELETE', headers: o.auth });
    expectError(last, 409, 'CONFLICT');
    expect(last.body.details.reason).toBe('LAST_SIGN_IN_METHOD');
    expectError(await api('/api/v1/secure/auth/unlink/github', { method: 'DELETE', headers: o.auth }), 404, 'NOT_FOUND');
    expectError(await api('/api/v1/secure/auth/unlink/email', { method: 'DELETE', headers: o.auth }), 400, 'VALIDATION_ERROR');
    expect((await link(o, 'github')).status).toBe(200);
    const ok = await api('/api/v1/secure/auth/unlink/google', { method: 'DELETE', headers: o.auth });
    expect(ok.status).toBe(200);
    expectReferenceShape('DELETE', '/api/v1/secure/auth/unlink/{provider}', ok);
    expect(ok.body).toMatchObject({ success: true, provider: 'google' });
    const after = await api(IDS, { headers: o.auth });
    expect(after.body.data.map((i: { provider: string; is_primary: boolean }) => [i.provider, i.is_primary])).toEqual([['github', true]]);
    expectError(await api('/api/v1/secure/auth/unlink/github', { method: 'DELETE', headers: o.auth }), 409);

    const pw = await newTenant();
    expect((await link(pw, 'google')).status).toBe(200);
    expect((await api('/api/v1/secure/auth/unlink/google', { method: 'DELETE', headers: pw.auth })).status).toBe(200); // the password remains
    expectError(await api('/api/v1/secure/auth/unlink/google', { method: 'DELETE' }), 401);
  });

  it('primary: a linked provider or email (with a password); 404/409/400 otherwise', async () => {
    const owner = await newTenant();
    expectError(await api('/api/v1/secure/auth/primary/google', { method: 'PATCH', headers: owner.auth }), 404, 'NOT_FOUND');
    expect((await link(owner, 'google')).status).toBe(200);
    const res = await api('/api/v1/secure/auth/primary/google', { method: 'PATCH', headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/auth/primary/{provider}', res);
    expect(res.body.primary_provider).toBe('google');
    expect((await api(IDS, { headers: owner.auth })).body.data[0].is_primary).toBe(true);
    const [u] = await withDb((db) => db.select({ p: users.primaryProvider }).from(users).where(eq(users.id, owner.userId)));
    expect(u!.p).toBe('google');
    expect((await api('/api/v1/secure/auth/primary/email', { method: 'PATCH', headers: owner.auth })).body.primary_provider).toBe('email');
    expectError(await api('/api/v1/secure/auth/primary/myspace', { method: 'PATCH', headers: owner.auth }), 400, 'VALIDATION_ERROR');
    const o = await oauthRegister('github');
    expectError(await api('/api/v1/secure/auth/primary/email', { method: 'PATCH', headers: o.auth }), 409, 'CONFLICT');
    expectError(await api('/api/v1/secure/auth/primary/email', { method: 'PATCH' }), 401);
  });

  it('oauth-history: the caller’s attempts only, newest first', async () => {
    const o = await oauthRegister('google');
    const other = await oauthRegister('google');
    const start = await api(`/api/v1/secure/auth/link/github`, { method: 'POST', headers: o.auth, json: { redirectUrl: REDIRECT } });
    const back = await authorize(start.body.url, (await idpUser()).hint);
    expect((await exchange(back.code!, back.state!)).status).toBe(200);
    expectError(await exchange(back.code!, back.state!), 400); // replay of a link state: unknown user → not in anyone's history
    const res = await api(HISTORY, { headers: o.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', HISTORY, res);
    expect(res.body.total).toBe(2);
    expect(res.body.data.map((h: { provider: string; success: boolean }) => [h.provider, h.success])).toEqual([['github', true], ['google', true]]);
    expect((await api(HISTORY, { headers: other.auth })).body.total).toBe(1);
    expect((await api(`${HISTORY}?limit=1`, { headers: o.auth })).body.data).toHaveLength(1);
    expectError(await api(`${HISTORY}?limit=0`, { headers: o.auth }), 400, 'VALIDATION_ERROR');
    expectError(await api(HISTORY), 401);
  });
});

describe('merge-accounts', () => {
  async function setup() {
    const primary = await newTenant();
    const secondary = await oauthRegister('github'); // owner of its own tenant, OAuth-only
    await addMembership(secondary.userId, primary.tenantId, 'admin'); // higher than nothing; primary is owner there
    const shared = await newTenant();
    await addMembership(primary.userId, shared.tenantId, 'member');
    await addMembership(secondary.userId, shared.tenantId, 'manager');
    const gid = await withDb(async (db) => {
      const [g] = await db.insert(groups).values({ tenantId: shared.tenantId, name: `g-${Date.now()}` }).returning({ id: groups.id });
      await db.insert(groupMembers).values({ groupId: g!.id, userId: secondary.userId, tenantId: shared.tenantId });
      return g!.id;
    });
    return { primary, secondary, shared, gid };
  }
  const snapshot = (userId: string) =>
    withDb(async (db) => ({
      identities: (await db.select().from(userIdentities).where(eq(userIdentities.userId, userId))).length,
      memberships: (await db.select().from(memberships).where(eq(memberships.userId, userId))).map((m) => `${m.tenantId}:${m.role}`).sort(),
      groups: (await db.select().from(groupMembers).where(eq(groupMembers.userId, userId))).length,
      user: (await db.select({ status: users.status, email: users.email }).from(users).where(eq(users.id, userId)))[0],
      liveSessions: (await db.select().from(sessions).where(sql`${sessions.userId} = ${userId} and ${sessions.revokedAt} is null`)).length,
    }));

  it('dry run computes the plan and writes nothing; the real merge moves everything and retires the secondary', async () => {
    const { primary, secondary, shared } = await setup();
    const secondaryToken = secondary.reg.body.accessToken as string;
    const before = { p: await snapshot(primary.userId), s: await snapshot(secondary.userId) };
    const dry = await api(MERGE, { method: 'POST', headers: primary.auth, json: { secondaryAccessToken: secondaryToken, dryRun: true } });
    expect(dry.status).toBe(200);
    expectReferenceShape('POST', MERGE, dry);
    expect(dry.body.data).toMatchObject({
      primaryUserId: primary.userId,
      secondaryUserId: secondary.userId,
      status: 'dry_run',
      deletedSecondaryAccount: false,
      reassignedEntities: { identities: 1, memberships: 1, membershipRolesRaised: 1, groupMemberships: 1, sessionsRevoked: 1 },
    });
    expect({ p: await snapshot(primary.userId), s: await snapshot(secondary.userId) }).toEqual(before);

    const real = await api(MERGE, { method: 'POST', headers: primary.auth, json: { secondaryAccessToken: secondaryToken } });
    expect(real.status).toBe(200);
    expectReferenceShape('POST', MERGE, real);
    expect(real.body.data).toMatchObject({ status: 'completed', deletedSecondaryAccount: true, reassignedEntities: dry.body.data.reassignedEntities });
    const p = await snapshot(primary.userId);
    expect(p.identities).toBe(1);
    expect(p.groups).toBe(1);
    expect(p.memberships).toEqual(
      [`${primary.tenantId}:owner`, `${secondary.tenantId}:owner`, `${shared.tenantId}:manager`].sort(), // higher role kept
    );
    const s = await snapshot(secondary.userId);
    expect(s).toMatchObject({ identities: 0, memberships: [], groups: 0, liveSessions: 0, user: { status: 'retired', email: `merged+${secondary.userId}@merged.invalid` } });
    expectError(await api('/api/v1/secure/auth/me', { headers: secondary.auth }), 401);
    // The moved GitHub identity now signs in to the primary account.
    const init = await api('/api/v1/public/auth/oauth/initiate', { method: 'POST', json: { provider: 'github', redirectUrl: REDIRECT, clientType: 'web' } });
    const back = await authorize(init.body.data.oauthUrl, secondary.who.hint);
    expect((await exchange(back.code!, back.state!)).body.data.user.id).toBe(primary.userId);
  });

  it('safe_only keeps the caller’s role and warns', async () => {
    const { primary, secondary, shared } = await setup();
    const res = await api(MERGE, { method: 'POST', headers: primary.auth, json: { secondaryAccessToken: secondary.reg.body.accessToken, mergeMode: 'safe_only' } });
    expect(res.status).toBe(200);
    expect(res.body.data.reassignedEntities.membershipRolesRaised).toBe(0);
    expect(res.body.data.warnings.join(' ')).toMatch(/manager/);
    expect((await snapshot(primary.userId)).memberships).toContain(`${shared.tenantId}:member`);
  });

  it('422 for an invalid, revoked or own token; 400 for bad input; 401 without a token — nothing written', async () => {
    const { primary, secondary } = await setup();
    const before = await snapshot(secondary.userId);
    const call = (json: unknown, headers = primary.auth) => api(MERGE, { method: 'POST', headers, json });
    expectError(await call({ secondaryAccessToken: 'nope' }), 422, 'UNPROCESSABLE_ENTITY');
    expectError(await call({ secondaryAccessToken: primary.accessToken }), 422, 'UNPROCESSABLE_ENTITY');
    expectError(await call({ secondaryAccessToken: '' }), 400, 'VALIDATION_ERROR');
    expectError(await call({ secondaryAccessToken: secondary.reg.body.accessToken, mergeMode: 'everything' }), 400, 'VALIDATION_ERROR');
    expectError(await api(MERGE, { method: 'POST', json: { secondaryAccessToken: secondary.reg.body.accessToken } }), 401);
    expect(await snapshot(secondary.userId)).toEqual(before);
    await withDb((db) => db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.userId, secondary.userId)));
    expectError(await call({ secondaryAccessToken: secondary.reg.body.accessToken }), 422, 'UNPROCESSABLE_ENTITY');
  });
});

describe('callers', () => {
  it('API keys are refused (403) on every identity route, even with broad permissions', async () => {
    const owner = await newTenant();
    const key = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: 'Integration' } });
    expect(key.status).toBe(201);
    const headers = { 'x-api-key': key.body.fullKey as string };
    for (const [method, path, json] of [
      ['GET', IDS],
      ['POST', '/api/v1/secure/auth/link/google', { redirectUrl: REDIRECT }],
      ['DELETE', '/api/v1/secure/auth/unlink/google'],
      ['PATCH', '/api/v1/secure/auth/primary/email'],
      ['GET', HISTORY],
      ['POST', MERGE, { secondaryAccessToken: owner.accessToken, dryRun: true }],
    ] as const) {
      const res = await api(path, { method, headers, ...(json && { json }) });
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.details.reason).toBe('API_KEY_NOT_ALLOWED');
    }
  });
});
