import { and, eq, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/db/schema/access';
import { sessions, tenants } from '../../src/db/schema/accounts';
import { mfaBackupCodes, mfaCodes, mfaMethods } from '../../src/db/schema/accounts';
import { lastMessage, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique, type SignedIn } from '../helpers/identity';

const B = '/api/v1/secure/auth/2fa';
const ME = '/api/v1/secure/auth/me';

const post = (path: string, who: { authorization: string } | Record<string, string>, json?: unknown) => api(B + path, { method: 'POST', headers: who, json });
const totpFor = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
/** A code of the current step, or of the next one (`ahead`), so two uses in one test do not collide. */
const totpCode = (secret: string, ahead = 0) => totpFor(secret).generate({ timestamp: Date.now() + ahead * 30_000 });
const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');
const mobile = () => `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

async function enableTotp(who: SignedIn) {
  const res = await post('/enable/totp', who.auth);
  expect(res.status).toBe(200);
  return res.body.data as { secret: string; qr_code_uri: string; qr_code_data_url: string; backup_codes: string[] };
}

/** A tenant owner with TOTP enabled (verified with the current step's code). */
async function totpUser() {
  const owner = await newTenant();
  const setup = await enableTotp(owner);
  const v = await post('/verify', owner.auth, { method: 'totp', code: totpCode(setup.secret) });
  expect(v.status).toBe(200);
  return { owner, ...setup };
}

const methodRows = (userId: string) => withDb((db) => db.select().from(mfaMethods).where(eq(mfaMethods.userId, userId)));
const events = (userId: string, type: string) =>
  withDb(async (db) => (await db.select().from(securityEvents).where(and(eq(securityEvents.userId, userId), eq(securityEvents.eventType, type)))).length);
const sessionPending = (token: string) =>
  withDb(async (db) => {
    const sid = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sid as string;
    return (await db.select({ p: sessions.mfaPending }).from(sessions).where(eq(sessions.id, sid)))[0]!.p;
  });

describe('2FA: TOTP', () => {
  it('enables only after a correct code; the secret is encrypted at rest; a code is never accepted twice', async () => {
    const owner = await newTenant();
    const res = await post('/enable/totp', owner.auth);
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${B}/enable/{method}`, res);
    const { secret, qr_code_uri, qr_code_data_url, backup_codes } = res.body.data;
    expect(res.body.success).toBe(true);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(qr_code_uri).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(qr_code_uri).toContain(encodeURIComponent(owner.email));
    expect(qr_code_data_url).toMatch(/^data:image\/gif;base64,[A-Za-z0-9+/]+=*$/);
    expect(backup_codes).toHaveLength(10);
    for (const c of backup_codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);

    const [row] = await methodRows(owner.userId);
    expect(row!.enabledAt).toBeNull();
    expect(row!.secretEncrypted).toMatch(/^v1\./);
    expect(row!.secretEncrypted).not.toContain(secret);
    const stored = await withDb((db) => db.select().from(mfaBackupCodes).where(eq(mfaBackupCodes.userId, owner.userId)));
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(backup_codes[0]);

    // Pending: not listed, sign-in is not challenged yet.
    const pending = await api(`${B}/status`, { headers: owner.auth });
    expect(pending.body.data.enabled_methods).toEqual([]);
    expect((await api(ME, { headers: (await signIn(owner.email, owner.password)).auth })).status).toBe(200);

    const code = totpCode(secret);
    expectError(await post('/verify', owner.auth, { method: 'totp', code: wrongCode(code) }), 400, 'BAD_REQUEST');
    expect((await methodRows(owner.userId))[0]!.enabledAt).toBeNull();
    const ok = await post('/verify', owner.auth, { method: 'totp', code });
    expect(ok.status).toBe(200);
    expectReferenceShape('POST', `${B}/verify`, ok);
    expect(ok.body.data).toEqual({ method: 'totp', verified: true, enabled: true });
    expect((await methodRows(owner.userId))[0]!.enabledAt).not.toBeNull();
    expect(await events(owner.userId, 'mfa_enabled')).toBe(1);

    // Replay of the same code (same time step) is refused.
    const replay = await post('/verify', owner.auth, { method: 'totp', code });
    expectError(replay, 400);
    expect(replay.body.details.reason).toBe('INVALID_CODE');
    // Setting it up again while enabled: 409.
    expectError(await post('/enable/totp', owner.auth), 409, 'CONFLICT');
  });

  it('a signed-in 2FA user is refused everywhere (MFA_REQUIRED) until verify succeeds, then the same token works', async () => {
    const { owner, secret } = await totpUser();
    const s = await signIn(owner.email, owner.password);
    const me = await api(ME, { headers: s.auth });
    expectError(me, 403, 'FORBIDDEN');
    expect(me.body.details.reason).toBe('MFA_REQUIRED');
    expect(await sessionPending(s.accessToken)).toBe(true);
    // The challenge routes answer; the others do not.
    expect((await api(`${B}/status`, { headers: s.auth })).status).toBe(200);
    expect((await post('/backup-codes', s.auth)).body.details?.reason).toBe('MFA_REQUIRED');
    expect((await post('/enable/email', s.auth)).body.details?.reason).toBe('MFA_REQUIRED');
    expect((await api(`${B}/disable`, { method: 'DELETE', headers: s.auth, json: { method: 'totp', code: totpCode(secret, 1) } })).body.details?.reason).toBe(
      'MFA_REQUIRED',
    );

    const v = await post('/verify', s.auth, { method: 'totp', code: totpCode(secret, 1) });
    expect(v.status).toBe(200);
    expect(v.body.data.verified).toBe(true);
    expect(await sessionPending(s.accessToken)).toBe(false);
    const after = await api(ME, { headers: s.auth });
    expect(after.status).toBe(200);
    expect(after.body.user.id).toBe(owner.userId);
    // Refreshed tokens of that session keep full access.
    const r = await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: s.refreshToken } });
    expect((await api(ME, { headers: { authorization: `Bearer ${r.body.accessToken}` } })).status).toBe(200);
    expect(await events(owner.userId, 'mfa_challenge_passed')).toBe(1);
    // Another session still owes its factor.
    expectError(await api(ME, { headers: (await signIn(owner.email, owner.password)).auth }), 403);
  });

  it('throttles wrong codes per user (429 + Retry-After, even for the right code) and records security events', async () => {
    const { owner, secret } = await totpUser();
    const s = await signIn(owner.email, owner.password);
    for (let i = 0; i < 5; i++) expectError(await post('/verify', s.auth, { method: 'totp', code: wrongCode(totpCode(secret, 1)) }), 400);
    const blocked = await post('/verify', s.auth, { method: 'totp', code: totpCode(secret, 1) });
    expectError(blocked, 429, 'TOO_MANY_REQUESTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expectError(await post('/use-backup', s.auth, { code: 'AAAAAAAA' }), 429);
    expectError(await api(ME, { headers: s.auth }), 403);
    expect(await events(owner.userId, 'mfa_failed')).toBe(5);
    expect(await events(owner.userId, 'mfa_blocked')).toBe(1);
  });

  it('throttles wrong codes per IP across users', async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) {
      const u = await newTenant();
      expectError(await post('/use-backup', { ...u.auth, 'cf-connecting-ip': ip }, { code: 'ZZZZZZZZ' }), 400);
    }
    const other = await newTenant();
    expectError(await post('/use-backup', { ...other.auth, 'cf-connecting-ip': ip }, { code: 'ZZZZZZZZ' }), 429);
    // The same user from another IP is not blocked.
    expectError(await post('/use-backup', { ...other.auth, 'cf-connecting-ip': '192.0.2.251' }, { code: 'ZZZZZZZZ' }), 400);
  });
});

describe('2FA: backup codes', () => {
  it('use-backup completes the challenge; each code works once', async () => {
    const { owner, backup_codes } = await totpUser();
    const s = await signIn(owner.email, owner.password);
    const res = await post('/use-backup', s.auth, { code: backup_codes[0] });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${B}/use-backup`, res);
    expect(res.body.data).toEqual({ used: true, remaining: 9 });
    expect((await api(ME, { headers: s.auth })).status).toBe(200);

    const s2 = await signIn(owner.email, owner.password);
    expectError(await post('/use-backup', s2.auth, { code: backup_codes[0] }), 400);
    expectError(await api(ME, { headers: s2.auth }), 403);
    // Lower case and a hyphen are accepted.
    const c = backup_codes[1]!.toLowerCase();
    const again = await post('/use-backup', s2.auth, { code: `${c.slice(0, 4)}-${c.slice(4)}` });
    expect(again.body.data).toEqual({ used: true, remaining: 8 });
    expect((await api(ME, { headers: s2.auth })).status).toBe(200);
  });

  it('regenerating invalidates the old codes; needs an enabled method', async () => {
    const fresh = await newTenant();
    expectError(await post('/backup-codes', fresh.auth), 409);

    const { owner, backup_codes } = await totpUser();
    const res = await post('/backup-codes', owner.auth);
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${B}/backup-codes`, res);
    expect(res.body.data.count).toBe(10);
    expect(res.body.data.backup_codes).toHaveLength(10);
    expect(res.body.data.backup_codes).not.toContain(backup_codes[0]);
    const s = await signIn(owner.email, owner.password);
    expectError(await post('/use-backup', s.auth, { code: backup_codes[0] }), 400);
    expect((await post('/use-backup', s.auth, { code: res.body.data.backup_codes[0] })).status).toBe(200);
  });
});

describe('2FA: codes by email, SMS and WhatsApp', () => {
  it('email: sent to the account email through the outbox, valid once, wrong code fails', async () => {
    const owner = await newTenant();
    const res = await post('/enable/email', owner.auth);
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${B}/enable/{method}`, res);
    expect(res.body.data).toEqual({ method: 'email', delivery_target: `${owner.email[0]}***@example.test`, verification_sent: true, expires_in_seconds: 600 });
    const msg = await lastMessage(owner.email, 'two_factor_code');
    const code = msg!.payload.code as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(msg!.channel).toBe('email');
    const [stored] = await withDb((db) => db.select().from(mfaCodes).where(eq(mfaCodes.userId, owner.userId)));
    expect(stored!.codeHash).not.toContain(code);

    expectError(await post('/verify', owner.auth, { method: 'email', code: wrongCode(code) }), 400);
    expect((await post('/verify', owner.auth, { method: 'email', code })).status).toBe(200);
    expectError(await post('/verify', owner.auth, { method: 'email', code }), 400);

    // Sign-in challenge by email: send-code, then verify.
    const s = await signIn(owner.email, owner.password);
    await withDb((db) => db.update(mfaCodes).set({ createdAt: sql`now() - interval '1 minute'` }).where(eq(mfaCodes.userId, owner.userId)));
    const sent = await post('/send-code', s.auth, { method: 'email' });
    expect(sent.status).toBe(200);
    expectReferenceShape('POST', `${B}/send-code`, sent);
    expect(sent.body.data).toEqual({ sent: true, expires_in_seconds: 600 });
    const second = (await lastMessage(owner.email, 'two_factor_code'))!.payload.code as string;
    // Resending at once: 429.
    expectError(await post('/send-code', s.auth, { method: 'email' }), 429);
    expect((await post('/verify', s.auth, { method: 'email', code: second })).status).toBe(200);
    expect((await api(ME, { headers: s.auth })).status).toBe(200);
  });

  it('codes expire', async () => {
    const owner = await newTenant();
    await post('/enable/email', owner.auth);
    const code = (await lastMessage(owner.email, 'two_factor_code'))!.payload.code as string;
    await withDb((db) => db.update(mfaCodes).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(mfaCodes.userId, owner.userId)));
    expectError(await post('/verify', owner.auth, { method: 'email', code }), 400);
    expect((await methodRows(owner.userId))[0]!.enabledAt).toBeNull();
  });

  it('sms and whatsapp: phone validated and stored E.164, code from the outbox', async () => {
    const owner = await newTenant();
    for (const method of ['sms', 'whatsapp'] as const) {
      const phone = mobile();
      const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
      const res = await post(`/enable/${method}`, owner.auth, { delivery_target: spaced });
      expect(res.status).toBe(200);
      expect(res.body.data.delivery_target).toBe(`+49${'*'.repeat(7)}${phone.slice(-4)}`);
      const msg = await lastMessage(phone, 'two_factor_code');
      expect(msg!.channel).toBe(method);
      expect((await post('/verify', owner.auth, { method, code: msg!.payload.code })).status).toBe(200);
      const row = (await methodRows(owner.userId)).find((r) => r.method === method)!;
      expect(row.deliveryTarget).toBe(phone);
    }
    const st = await api(`${B}/status`, { headers: owner.auth });
    expect(st.body.data.enabled_methods.map((m: { method: string }) => m.method)).toEqual(['sms', 'whatsapp']);
  });

  it('rejects invalid delivery targets and writes nothing', async () => {
    const owner = await newTenant();
    for (const [method, target] of [
      ['sms', '12345'],
      ['sms', '+49 30 123456'], // landline
      ['whatsapp', undefined],
      ['email', 'not-an-email'],
      ['totp', 'someone@example.test'],
    ] as const) {
      const res = await post(`/enable/${method}`, owner.auth, target === undefined ? {} : { delivery_target: target });
      expectError(res, 400, 'VALIDATION_ERROR');
    }
    expect(await methodRows(owner.userId)).toEqual([]);
    expect(await lastMessage(owner.email, 'two_factor_code')).toBeUndefined();
  });

  it('send-code needs a method set up', async () => {
    const owner = await newTenant();
    expectError(await post('/send-code', owner.auth, { method: 'sms' }), 404);
  });
});

describe('2FA: tenant requirement, disable, status', () => {
  it('a tenant with mfaRequired forces enrolment before anything else', async () => {
    const owner = await newTenant();
    await withDb((db) =>
      db
        .update(tenants)
        .set({ authConfig: sql`${tenants.authConfig} || '{"mfaRequired": true}'::jsonb` })
        .where(eq(tenants.id, owner.tenantId)),
    );
    const me = await api(ME, { headers: owner.auth });
    expectError(me, 403);
    expect(me.body.details.reason).toBe('MFA_ENROLLMENT_REQUIRED');
    const st = await api(`${B}/status`, { headers: owner.auth });
    expect(st.body.data).toEqual({ enabled_methods: [], backup_codes_remaining: 0, requires_2fa: true });
    const setup = await enableTotp(owner);
    expectError(await api(ME, { headers: owner.auth }), 403);
    expect((await post('/verify', owner.auth, { method: 'totp', code: totpCode(setup.secret) })).status).toBe(200);
    expect((await api(ME, { headers: owner.auth })).status).toBe(200);
    // The last method cannot be removed while the tenant requires 2FA.
    expectError(await api(`${B}/disable`, { method: 'DELETE', headers: owner.auth, json: { method: 'totp', code: setup.backup_codes[0] } }), 409);
    expect(await methodRows(owner.userId)).toHaveLength(1);
  });

  it('disable requires a current code (method code or backup code)', async () => {
    const { owner, secret } = await totpUser();
    const del = (json: unknown) => api(`${B}/disable`, { method: 'DELETE', headers: owner.auth, json });
    expectError(await del({ method: 'totp' }), 400, 'VALIDATION_ERROR');
    expectError(await del({ method: 'totp', code: wrongCode(totpCode(secret, 1)) }), 400, 'BAD_REQUEST');
    expectError(await del({ method: 'totp', code: 'AAAAAAAA' }), 400);
    expectError(await del({ method: 'sms', code: '123456' }), 404);
    expect((await methodRows(owner.userId))[0]!.enabledAt).not.toBeNull();

    const res = await del({ method: 'totp', code: totpCode(secret, 1) });
    expect(res.status).toBe(204);
    expect(await methodRows(owner.userId)).toEqual([]);
    const st = await api(`${B}/status`, { headers: owner.auth });
    expect(st.body.data).toEqual({ enabled_methods: [], backup_codes_remaining: 0, requires_2fa: false });
    expect((await api(ME, { headers: (await signIn(owner.email, owner.password)).auth })).status).toBe(200);
    expect(await events(owner.userId, 'mfa_disabled')).toBe(1);

    // With a backup code instead.
    const again = await totpUser();
    const r2 = await api(`${B}/disable`, { method: 'DELETE', headers: again.owner.auth, json: { method: 'totp', code: again.backup_codes[3] } });
    expect(r2.status).toBe(204);
  });

  it('status lists enabled methods, masked targets and remaining backup codes', async () => {
    const { owner } = await totpUser();
    await post('/enable/email', owner.auth);
    const pending = await api(`${B}/status`, { headers: owner.auth });
    expect(pending.body.data.enabled_methods).toHaveLength(1);
    const code = (await lastMessage(owner.email, 'two_factor_code'))!.payload.code as string;
    await post('/verify', owner.auth, { method: 'email', code });
    const res = await api(`${B}/status`, { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', `${B}/status`, res);
    const [totp, email] = res.body.data.enabled_methods;
    expect(totp).toMatchObject({ method: 'totp', delivery_target_masked: null });
    expect(Date.parse(totp.last_used_at)).toBeGreaterThan(0);
    expect(email).toMatchObject({ method: 'email', delivery_target_masked: `${owner.email[0]}***@example.test` });
    expect(res.body.data.backup_codes_remaining).toBe(10);
    expect(res.body.data.requires_2fa).toBe(false);
  });
});

describe('2FA: credentials and input', () => {
  const routes: [string, string, unknown?][] = [
    ['POST', '/backup-codes'],
    ['DELETE', '/disable', { method: 'totp', code: '123456' }],
    ['POST', '/enable/totp'],
    ['POST', '/send-code', { method: 'email' }],
    ['GET', '/status'],
    ['POST', '/use-backup', { code: 'AAAAAAAA' }],
    ['POST', '/verify', { method: 'totp', code: '123456' }],
  ];

  it('401 without credentials', async () => {
    for (const [method, path, json] of routes) expectError(await api(B + path, { method, json }), 401);
  });

  it('API keys are refused (403)', async () => {
    const owner = await newTenant();
    const key = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: unique('k'), permissions: { resources: { read: true } } } });
    expect(key.status).toBe(201);
    for (const [method, path, json] of routes) {
      const res = await api(B + path, { method, headers: { authorization: `Bearer ${key.body.fullKey}` }, json });
      expectError(res, 403);
      expect(res.body.details.reason).toBe('API_KEY_NOT_ALLOWED');
    }
  });

  it('400 on invalid input, nothing written', async () => {
    const owner = await newTenant();
    expectError(await post('/enable/fax', owner.auth), 400, 'VALIDATION_ERROR');
    expectError(await post('/verify', owner.auth, { method: 'totp', code: '12' }), 400, 'VALIDATION_ERROR');
    expectError(await post('/verify', owner.auth, { method: 'totp', code: '123456', extra: 1 }), 400, 'VALIDATION_ERROR');
    expectError(await post('/use-backup', owner.auth, { code: 'short' }), 400, 'VALIDATION_ERROR');
    expectError(await post('/send-code', owner.auth, { method: 'totp' }), 400, 'VALIDATION_ERROR');
    expect(await methodRows(owner.userId)).toEqual([]);
    // Schema failures are not counted as wrong codes.
    expect(await events(owner.userId, 'mfa_failed')).toBe(0);
  });
});
