import { createScheduledController, env } from 'cloudflare:test';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships, users } from '../../src/db/schema/accounts';
import { invitations } from '../../src/db/schema/access';
import type { Env } from '../../src/env';
import { scheduled } from '../../src/jobs';
import { expireInvitations } from '../../src/modules/access/invitations';
import { addMember, lastMessage, withDb, withJob } from '../helpers/db';
import { api, expectError, expectReferenceShape, type ApiResponse } from '../helpers/http';
import { newTenant, signIn, unique, type SignedIn } from '../helpers/identity';

const BASE = '/api/v1/secure/invitations/';
const ONE = '/api/v1/secure/invitations/{id}';
const VALIDATE = '/api/v1/public/invitations/validate';
const ACCEPT = '/api/v1/public/invitations/accept';
const one = (id: string) => `/api/v1/secure/invitations/${id}`;

const newEmail = () => `${unique('inv-')}@example.test`;

async function invite(by: SignedIn, json: Record<string, unknown> = {}): Promise<ApiResponse> {
  const res = await api(BASE, { method: 'POST', headers: by.auth, json: { recipient_email: newEmail(), ...json } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

const countFor = (tenantId: string) => withDb(async (db) => (await db.select().from(invitations).where(eq(invitations.tenantId, tenantId))).length);
const validate = (code: string, headers: Record<string, string> = {}) => api(VALIDATE, { method: 'POST', headers, json: { code } });
const accept = (json: Record<string, unknown>, headers: Record<string, string> = {}) => api(ACCEPT, { method: 'POST', headers, json });
const setExpiry = (id: string, when: string) => withDb((db) => db.update(invitations).set({ expiresAt: sql`now() + ${when}::interval` }).where(eq(invitations.id, id)));

describe('invitations: tenant side', () => {
  it('creates an email invitation: full code once, masked afterwards, hashed at rest, sent through the outbox', async () => {
    const owner = await newTenant();
    const email = newEmail();
    const res = await invite(owner, { recipient_email: email.toUpperCase(), role: 'admin', personal_message: 'Welcome!', expires_in_hours: 48 });
    expectReferenceShape('POST', BASE, res);
    const d = res.body.data;
    expect(d).toMatchObject({ tenantId: owner.tenantId, invited_by: owner.userId, recipient_email: email, recipient_phone: null, role: 'admin', status: 'pending', channel: 'email', language: 'en', personal_message: 'Welcome!', accepted_at: null });
    expect(d.full_code).toMatch(/^[0-9A-Z]{16}$/);
    expect(d.code).toBe(`************${d.full_code.slice(-4)}`);
    expect(d.invitation_url).toContain(encodeURIComponent(d.full_code));
    const hours = (Date.parse(d.expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    const [row] = await withDb((db) => db.select().from(invitations).where(eq(invitations.id, d.id)));
    expect(JSON.stringify(row)).not.toContain(d.full_code);
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const msg = await lastMessage(email, 'invitation');
    expect(msg!.body).toContain(d.full_code);
    expect(msg!.body).toContain('Welcome!');

    const got = await api(one(d.id), { headers: owner.auth });
    expect(got.status).toBe(200);
    expectReferenceShape('GET', ONE, got);
    expect(got.body.data.code).toBe(d.code);
    expect(JSON.stringify(got.body)).not.toContain(d.full_code);
    expect(got.body.data.invitation_url).toBeUndefined();
    expect(['pending', 'sent']).toContain(got.body.data.status);

    const list = await api(BASE, { headers: owner.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', BASE, list);
    expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([d.id]);
    expect(list.body.pagination).toEqual({ total: 1, limit: 20, offset: 0, hasMore: false });
    expect(JSON.stringify(list.body)).not.toContain(d.full_code);
  });

  it('invites by phone over SMS and WhatsApp with E.164 numbers', async () => {
    const owner = await newTenant();
    const sms = await invite(owner, { recipient_email: undefined, recipient_phone: '+4915123456789', channel: 'sms' });
    expect(sms.body.data).toMatchObject({ recipient_phone: '+4915123456789', recipient_email: null, channel: 'sms' });
    const msg = await lastMessage('+4915123456789', 'invitation');
    expect(msg!.channel).toBe('sms');
    expect(msg!.body).toContain(sms.body.data.full_code);
    const wa = await invite(owner, { recipient_phone: '+14155552671', channel: 'whatsapp' });
    expect(wa.body.data.channel).toBe('whatsapp');
  });

  it('rejects invalid input with 400 and writes nothing', async () => {
    const owner = await newTenant();
    for (const json of [
      {},
      { recipient_email: 'not-an-email' },
      { recipient_phone: '12345', channel: 'sms' },
      { recipient_phone: '+49123', channel: 'sms' },
      { recipient_email: newEmail(), channel: 'sms' },
      { recipient_phone: '+4915123456789' },
      { recipient_email: newEmail(), role: 'manager' },
      { recipient_email: newEmail(), expires_in_hours: 0 },
      { recipient_email: newEmail(), expires_in_hours: 169 },
      { recipient_email: newEmail(), personal_message: 'x'.repeat(501) },
      { recipient_email: newEmail(), language: 'english' },
      { recipient_email: newEmail(), surprise: true },
    ]) {
      const res = await api(BASE, { method: 'POST', headers: owner.auth, json });
      expectError(res, 400, 'VALIDATION_ERROR');
    }
    expect(await countFor(owner.tenantId)).toBe(0);
  });

  it('answers 401 without credentials', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner);
    for (const [method, path] of [['GET', BASE], ['POST', BASE], ['GET', one(body.data.id)], ['DELETE', one(body.data.id)], ['POST', `${one(body.data.id)}/resend`]] as const) {
      expectError(await api(path, { method, json: method === 'POST' ? { recipient_email: newEmail() } : undefined }), 401);
      expectError(await api(path, { method, headers: { authorization: 'Bearer nope' } }), 401);
    }
  });

  it('answers 403 without the permission, and caps the role at the inviter\'s own', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await api(BASE, { headers: member.auth }), 403);
    expectError(await api(one(body.data.id), { headers: member.auth }), 403);
    expectError(await api(BASE, { method: 'POST', headers: member.auth, json: { recipient_email: newEmail() } }), 403);
    expectError(await api(one(body.data.id), { method: 'DELETE', headers: member.auth }), 403);
    expectError(await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: member.auth, json: {} }), 403);

    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await api(BASE, { method: 'POST', headers: manager.auth, json: { recipient_email: newEmail(), role: 'admin' } }), 403);
    expectError(await api(BASE, { method: 'POST', headers: manager.auth, json: { recipient_email: newEmail(), role: 'owner' } }), 403);
    await invite(manager, { role: 'member' });
    const admin = await addMember(owner.tenantId, 'admin');
    expectError(await api(BASE, { method: 'POST', headers: admin.auth, json: { recipient_email: newEmail(), role: 'owner' } }), 403);
    await invite(admin, { role: 'admin' });
    expect(await countFor(owner.tenantId)).toBe(3);
  });

  it('answers 404 for another tenant\'s invitation', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const { body } = await invite(a);
    const id = body.data.id;
    expectError(await api(one(id), { headers: b.auth }), 404);
    expectError(await api(one(id), { method: 'DELETE', headers: b.auth }), 404);
    expectError(await api(`${one(id)}/resend`, { method: 'POST', headers: b.auth, json: {} }), 404);
    expect((await api(BASE, { headers: b.auth })).body.data).toEqual([]);
    const [row] = await withDb((db) => db.select().from(invitations).where(eq(invitations.id, id)));
    expect(row!.status).toBe('pending');
    expectError(await api(one(crypto.randomUUID()), { headers: a.auth }), 404);
    expectError(await api(one('not-a-uuid'), { headers: a.auth }), 400);
  });

  it('answers 409 for a duplicate open invitation and for an existing member', async () => {
    const owner = await newTenant();
    const email = newEmail();
    await invite(owner, { recipient_email: email });
    expectError(await api(BASE, { method: 'POST', headers: owner.auth, json: { recipient_email: email.toUpperCase() } }), 409, 'CONFLICT');
    const member = await addMember(owner.tenantId, 'member');
    expectError(await api(BASE, { method: 'POST', headers: owner.auth, json: { recipient_email: member.email } }), 409, 'CONFLICT');
    await invite(owner, { recipient_phone: '+4915123456780', channel: 'sms' });
    expectError(await api(BASE, { method: 'POST', headers: owner.auth, json: { recipient_phone: '+49 151 23456780', channel: 'sms' } }), 409);
    expect(await countFor(owner.tenantId)).toBe(2);
  });

  it('revokes: 204, code stops working, second revoke 409', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner);
    const del = await api(one(body.data.id), { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expect((await api(one(body.data.id), { headers: owner.auth })).body.data.status).toBe('revoked');
    const v = await validate(body.data.full_code);
    expect(v.body).toEqual({ valid: false, invitation: null, error: 'INVITATION_REVOKED' });
    expectError(await accept({ code: body.data.full_code, password: 'a new password 1' }), 409);
    expectError(await api(one(body.data.id), { method: 'DELETE', headers: owner.auth }), 409);
    // Revoked frees the recipient for a new invitation.
    await invite(owner, { recipient_email: body.data.recipient_email });
  });

  it('resends with a new code, optionally extending expiry; refuses accepted ones', async () => {
    const owner = await newTenant();
    const email = newEmail();
    const { body } = await invite(owner, { recipient_email: email, expires_in_hours: 2 });
    const old = body.data.full_code;
    const res = await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: owner.auth, json: { language: 'de' } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/invitations/{id}/resend', res);
    expect(res.body.data.language).toBe('de');
    expect(res.body.data.code).not.toBe(body.data.code);
    expect(Date.parse(res.body.data.expires_at) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const msg = await lastMessage(email, 'invitation');
    const fresh = msg!.payload.code as string;
    expect(fresh).not.toBe(old);
    expect(res.body.data.code.slice(-4)).toBe(fresh.slice(-4));
    expect((await validate(old)).body.valid).toBe(false);
    expect((await validate(fresh)).body.valid).toBe(true);

    // Without extend_expiry the expiry stays; an expired invitation needs extend_expiry.
    const keep = await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: owner.auth, json: { extend_expiry: false } });
    expect(keep.body.data.expires_at).toBe(res.body.data.expires_at);
    await setExpiry(body.data.id, '-1 hour');
    expectError(await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: owner.auth, json: { extend_expiry: false } }), 409);
    const revived = await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: owner.auth, json: {} });
    expect(revived.status).toBe(200);
    expect(revived.body.data.status).not.toBe('expired');

    // Switching to SMS without a phone number is a 400.
    expectError(await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: owner.auth, json: { channel: 'sms' } }), 400);

    const code = (await lastMessage(email, 'invitation'))!.payload.code as string;
    expect((await accept({ code, password: 'a new password 1' })).status).toBe(201);
    expectError(await api(`${one(body.data.id)}/resend`, { method: 'POST', headers: owner.auth, json: {} }), 409);
  });
});

describe('invitations: validate and accept', () => {
  it('validates: a usable code answers the summary and marks the invitation opened; unknown codes answer valid:false at 200', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner, { role: 'guest' });
    const res = await validate(body.data.full_code.toLowerCase().replace(/(.{4})/g, '$1-'));
    expect(res.status).toBe(200);
    expectReferenceShape('POST', VALIDATE, res);
    expect(res.body).toMatchObject({ valid: true, error: null, invitation: { tenantId: owner.tenantId, role: 'guest', recipient_email: body.data.recipient_email, expires_at: body.data.expires_at } });
    expect((await api(one(body.data.id), { headers: owner.auth })).body.data).toMatchObject({ status: 'opened' });
    const unknown = await validate('NOPE');
    expect(unknown.status).toBe(200);
    expectReferenceShape('POST', VALIDATE, unknown);
    expect(unknown.body).toEqual({ valid: false, invitation: null, error: 'INVITATION_NOT_FOUND' });
    expectError(await api(VALIDATE, { method: 'POST', json: {} }), 400);
  });

  it('accepts as a new user: account, membership with the role, a working session; single use', async () => {
    const owner = await newTenant();
    const email = newEmail();
    const { body } = await invite(owner, { recipient_email: email, role: 'admin' });
    const res = await accept({ code: body.data.full_code, password: 'a new password 1', display_name: 'Ada' });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', ACCEPT, res);
    expect(res.body).toMatchObject({ success: true, user: { email, display_name: 'Ada', tenantId: owner.tenantId, role: 'admin' }, requires_post_auth_flow: false });
    const me = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${res.body.access_token}` } });
    expect(me.status).toBe(200);
    const [m] = await withDb((db) => db.select().from(memberships).where(and(eq(memberships.userId, res.body.user.id), eq(memberships.tenantId, owner.tenantId))));
    expect(m!.role).toBe('admin');
    await signIn(email, 'a new password 1');

    const got = await api(one(body.data.id), { headers: owner.auth });
    expect(got.body.data).toMatchObject({ status: 'accepted', accepted_by: res.body.user.id });
    expect(got.body.data.accepted_at).not.toBeNull();
    expectError(await accept({ code: body.data.full_code, password: 'a new password 1' }), 409);
    expect((await validate(body.data.full_code)).body).toEqual({ valid: false, invitation: null, error: 'INVITATION_ACCEPTED' });
  });

  it('lets exactly one of two concurrent accepts succeed', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner);
    const results = await Promise.all([1, 2, 3].map(() => accept({ code: body.data.full_code, password: 'a new password 1' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const n = await withDb(async (db) => (await db.select().from(memberships).where(eq(memberships.tenantId, owner.tenantId))).length);
    expect(n).toBe(2);
  });

  it('accepts for an existing user proven by their password; the email must match', async () => {
    const other = await newTenant();
    const owner = await newTenant();
    const { body } = await invite(owner, { recipient_email: other.email });
    expectError(await accept({ code: body.data.full_code, email: newEmail(), password: other.password }), 403);
    expectError(await accept({ code: body.data.full_code, password: 'wrong password!' }), 401);
    expectError(await accept({ code: body.data.full_code }), 401);
    const res = await accept({ code: body.data.full_code, email: other.email, password: other.password });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ id: other.userId, tenantId: owner.tenantId, role: 'member' });
    const [u] = await withDb((db) => db.select().from(users).where(eq(users.id, other.userId)));
    expect(u!.tenantId).toBe(other.tenantId);
    await signIn(other.email, other.password, { tenantId: owner.tenantId });
  });

  it('leaves the email of an account created by accepting unconfirmed until the link sent to it is opened', async () => {
    // The inviter sees full_code: accepting one's own invitation must not yield a "verified" address.
    const owner = await newTenant();
    const email = newEmail();
    const { body } = await invite(owner, { recipient_email: email });
    const res = await accept({ code: body.data.full_code, password: 'a new password 1' });
    expect(res.status).toBe(201);
    const confirmedAt = async () => (await withDb((db) => db.select().from(users).where(eq(users.id, res.body.user.id))))[0]!.emailConfirmedAt;
    expect(await confirmedAt()).toBeNull();
    const link = await lastMessage(email, 'verify_email');
    const token = /token=([A-Za-z0-9_-]+)/.exec(link!.body)![1]!;
    expect((await api('/api/v1/public/auth/verify-email', { method: 'POST', json: { token } })).status).toBe(200);
    expect(await confirmedAt()).not.toBeNull();
  });

  it('checks an existing account\'s password under the sign-in throttle: no guessing around the lockout', async () => {
    // Addresses of a documentation prefix no other file blocks (files share the platform blacklist).
    const ipHeaders = () => ({ 'cf-connecting-ip': `3fff:1a7e::${Math.floor(Math.random() * 0xffff).toString(16)}` });
    const attacker = await newTenant();
    const login = (email: string, password: string) => api('/api/v1/public/auth/login', { method: 'POST', headers: ipHeaders(), json: { email, password } });

    // Sign-in blocked for the account: accept refuses too, even with the right password.
    const victim = await newTenant();
    for (let i = 0; i < 5; i++) expectError(await login(victim.email, `wrong password ${i}`), 401);
    expectError(await login(victim.email, victim.password), 429);
    const first = await invite(attacker, { recipient_email: victim.email });
    const refused = await accept({ code: first.body.data.full_code, password: victim.password }, ipHeaders());
    expectError(refused, 429, 'TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // Wrong passwords at accept count as failed sign-ins of that account.
    const other = await newTenant();
    const second = await invite(attacker, { recipient_email: other.email });
    for (let i = 0; i < 5; i++) expectError(await accept({ code: second.body.data.full_code, password: `guess ${i} password` }, ipHeaders()), 401);
    expectError(await accept({ code: second.body.data.full_code, password: other.password }, ipHeaders()), 429);
    expectError(await login(other.email, other.password), 429);
    await withDb((db) => db.execute(sql`delete from auth_throttle where key in (${`login:account:${victim.email}`}, ${`login:account:${other.email}`})`));
  });

  it('requires email and password for a phone invitation and sends a verification link', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner, { recipient_email: undefined, recipient_phone: '+4915123456781', channel: 'sms' });
    expectError(await accept({ code: body.data.full_code, password: 'a new password 1' }), 400);
    const email = newEmail();
    const res = await accept({ code: body.data.full_code, email, password: 'a new password 1' });
    expect(res.status).toBe(201);
    expect((await lastMessage(email, 'verify_email'))).toBeTruthy();
  });

  it('re-checks the role ceiling at accept against the inviter\'s current role', async () => {
    const owner = await newTenant();
    const admin = await addMember(owner.tenantId, 'admin');
    const { body } = await invite(admin, { role: 'admin' });
    await withDb((db) => db.update(memberships).set({ role: 'member' }).where(and(eq(memberships.userId, admin.userId), eq(memberships.tenantId, owner.tenantId))));
    expectError(await accept({ code: body.data.full_code, password: 'a new password 1' }), 403);
    const [row] = await withDb((db) => db.select().from(invitations).where(eq(invitations.id, body.data.id)));
    expect(row!.status).toBe('pending');
    const n = await withDb(async (db) => (await db.select().from(memberships).where(eq(memberships.tenantId, owner.tenantId))).length);
    expect(n).toBe(2);
  });

  it('expires without anyone asking: shown expired at once, refused, and marked by the cron job (idempotent)', async () => {
    const owner = await newTenant();
    const { body } = await invite(owner);
    await setExpiry(body.data.id, '-1 second');
    expect((await api(one(body.data.id), { headers: owner.auth })).body.data.status).toBe('expired');
    const filtered = await api(`${BASE}?status=expired`, { headers: owner.auth });
    expect(filtered.body.data.map((i: { id: string }) => i.id)).toEqual([body.data.id]);
    expect((await api(`${BASE}?status=pending`, { headers: owner.auth })).body.pagination.total).toBe(0);
    expect((await validate(body.data.full_code)).body).toEqual({ valid: false, invitation: null, error: 'INVITATION_EXPIRED' });
    expectError(await accept({ code: body.data.full_code, password: 'a new password 1' }), 409);

    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as Env);
    const [row] = await withDb((db) => db.select().from(invitations).where(eq(invitations.id, body.data.id)));
    expect(row!.status).toBe('expired');
    const updatedAt = row!.updatedAt.getTime();
    await withJob((ctx) => expireInvitations(ctx));
    const [again] = await withDb((db) => db.select().from(invitations).where(eq(invitations.id, body.data.id)));
    expect(again!.status).toBe('expired');
    expect(again!.updatedAt.getTime()).toBe(updatedAt);
    // An expired invitation does not block a new one for the same recipient.
    await invite(owner, { recipient_email: body.data.recipient_email });
  });

  it('throttles code guessing per IP', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const headers = { 'cf-connecting-ip': ip };
    for (let i = 0; i < 10; i++) expect((await validate(`GUESS${i}`, headers)).status).toBe(200);
    expectError(await validate('GUESS10', headers), 429, 'TOO_MANY_REQUESTS');
    expectError(await accept({ code: 'GUESS11', password: 'a new password 1' }, headers), 429);
    expect((await validate('GUESS12', { 'cf-connecting-ip': '203.0.113.9' })).status).toBe(200);
    await withDb((db) => db.execute(sql`delete from auth_throttle where key = ${`invite:ip:${ip}`}`));
  });
});
