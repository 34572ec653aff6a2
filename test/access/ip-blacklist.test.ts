import { env } from 'cloudflare:test';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Env } from '../../src/env';
import { ipBlacklist } from '../../src/db/schema/access';
import { securityEvents } from '../../src/db/schema/access';
import { makeSystemAdmin, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique, type SignedIn } from '../helpers/identity';

const BASE = '/api/v1/system/security/ip-blacklist';
let admin: SignedIn;
let n = 0;
// The blacklist is platform-wide and the database outlives a run: addresses come from the 198.18.0.0/15
// benchmarking range (131,072 of them) at a random start, one after another, so no two calls collide.
const ipBase = Math.floor(Math.random() * 100_000);
/** An IPv4 address no other call in this run uses. */
const freshIp = () => {
  const k = ipBase + n++;
  return `198.${18 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}`;
};
const ipv6 = () => `2001:db8:${((Date.now() % 0xfffe) + 1).toString(16)}:${(++n).toString(16)}::1`;

beforeAll(async () => {
  const t = await newTenant();
  await makeSystemAdmin(t.userId);
  admin = await signIn(t.email, t.password);
});

const post = (json: unknown, headers: Record<string, string> = admin.auth) => api(BASE, { method: 'POST', headers, json });

describe('ip blacklist CRUD', () => {
  it('blocks, reads, updates and unblocks an address', async () => {
    const ip = ipv6();
    const upper = ip.toUpperCase().replace('::1', ':0:0:0:1');
    const created = await post({ ip_address: upper, reason: 'scanner' });
    expect(created.status).toBe(201);
    expectReferenceShape('POST', BASE, created);
    expect(created.body.data).toMatchObject({ ip_address: ip, reason: 'scanner', expires_at: null, auto_blocked: false, failed_attempts: 0, created_by: admin.userId });
    const id = created.body.data.id;

    const one = await api(`${BASE}/${id}`, { headers: admin.auth });
    expect(one.status).toBe(200);
    expectReferenceShape('GET', `${BASE}/{id}`, one);
    expect(one.body.data.id).toBe(id);

    const list = await api(`${BASE}?ip_address=${encodeURIComponent(upper)}`, { headers: admin.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', BASE, list);
    expect(list.body.data.total).toBe(1);
    expect(list.body.data.entries[0].id).toBe(id);

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const patched = await api(`${BASE}/${id}`, { method: 'PATCH', headers: admin.auth, json: { reason: 'still scanning', expires_at: until } });
    expect(patched.status).toBe(200);
    expectReferenceShape('PATCH', `${BASE}/{id}`, patched);
    expect(patched.body.data).toMatchObject({ reason: 'still scanning', expires_at: until });
    const temp = await api(`${BASE}?status=active&ip_address=${ip}`, { headers: admin.auth });
    expect(temp.body.data.entries.map((e: { id: string }) => e.id)).toEqual([id]);

    const perm = await api(`${BASE}/${id}`, { method: 'PATCH', headers: admin.auth, json: { expires_at: null } });
    expect(perm.body.data.expires_at).toBeNull();

    const del = await api(`${BASE}/${id}`, { method: 'DELETE', headers: admin.auth });
    expect(del.status).toBe(204);
    expectError(await api(`${BASE}/${id}`, { headers: admin.auth }), 404, 'NOT_FOUND');
    expectError(await api(`${BASE}/${id}`, { method: 'DELETE', headers: admin.auth }), 404);
    expectError(await api(`${BASE}/${id}`, { method: 'PATCH', headers: admin.auth, json: { reason: 'x' } }), 404);
  });

  it('answers 409 for an address already blocked, renews an expired entry', async () => {
    const ip = freshIp();
    const first = await post({ ip_address: ip, expires_at: new Date(Date.now() + 60_000).toISOString() });
    expect(first.status).toBe(201);
    const again = await post({ ip_address: ip });
    expectError(again, 409, 'CONFLICT');
    expect(again.body.details.id).toBe(first.body.data.id);
    await withDb((db) => db.update(ipBlacklist).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(ipBlacklist.id, first.body.data.id)));
    const renewed = await post({ ip_address: ip, reason: 'back again' });
    expect(renewed.status).toBe(201);
    expect(renewed.body.data).toMatchObject({ id: first.body.data.id, reason: 'back again', expires_at: null });
    await api(`${BASE}/${first.body.data.id}`, { method: 'DELETE', headers: admin.auth });
  });

  it('rejects invalid input and writes nothing', async () => {
    const before = await withDb((db) => db.$count(ipBlacklist));
    for (const body of [
      { ip_address: '300.1.1.1' },
      { ip_address: '1.2.3' },
      { ip_address: '2001:db8::1::2' },
      { ip_address: 'example.com' },
      { ip_address: '198.51.100.7', expires_at: new Date(Date.now() - 60_000).toISOString() },
      { ip_address: '198.51.100.7', reason: 'x'.repeat(256) },
      { reason: 'no address' },
    ]) {
      expectError(await post(body), 400, 'VALIDATION_ERROR');
    }
    // Blocking the address you call from would lock you out.
    expectError(await post({ ip_address: '198.51.100.250' }, { ...admin.auth, 'cf-connecting-ip': '198.51.100.250' }), 400);
    expectError(await api(`${BASE}/not-a-uuid`, { headers: admin.auth }), 400);
    expectError(await api(`${BASE}?status=bogus`, { headers: admin.auth }), 400);
    expect(await withDb((db) => db.$count(ipBlacklist))).toBe(before);
  });

  it('refuses anonymous (401) and non-administrators (403), writing nothing', async () => {
    const owner = await newTenant();
    const ip = freshIp();
    expectError(await post({ ip_address: ip }, {}), 401, 'UNAUTHORIZED');
    expectError(await post({ ip_address: ip }, owner.auth), 403, 'FORBIDDEN');
    expectError(await api(BASE, { headers: owner.auth }), 403);
    expect(await withDb((db) => db.$count(ipBlacklist, eq(ipBlacklist.ipAddress, ip)))).toBe(0);
  });
});

describe('enforcement', () => {
  it('refuses every request from a blocked IP before any other work, and unblocking restores access', async () => {
    const ip = freshIp();
    const other = await newTenant();
    const from = (h: Record<string, string> = {}) => ({ ...h, 'cf-connecting-ip': ip });
    expect((await api('/api/v1/public/timezones/?limit=1', { headers: from() })).status).toBe(200);

    const block = await post({ ip_address: ip, reason: 'test' });
    expect(block.status).toBe(201);

    const secure = await api('/api/v1/secure/auth/me', { headers: from(other.auth) });
    expectError(secure, 403, 'FORBIDDEN');
    expect(secure.body.details.reason).toBe('IP_BLOCKED');
    const free = await api('/api/v1/public/timezones/?limit=1', { headers: from() });
    expectError(free, 403);
    expect(free.headers.get('server-timing') ?? '').not.toMatch(/\bdb\b/);
    expectError(await api('/api/v1/public/auth/login', { method: 'POST', headers: from(), json: { email: other.email, password: other.password } }), 403);
    // Malformed bodies and unknown paths are refused too: the block comes first.
    expectError(await api('/api/v1/public/auth/login', { method: 'POST', headers: { ...from(), 'content-type': 'application/json' }, body: '{' }), 403);
    expectError(await api('/nowhere', { headers: from() }), 403);
    // IPv4-mapped IPv6 is the same address.
    expectError(await api('/api/v1/public/timezones/?limit=1', { headers: { 'cf-connecting-ip': `::ffff:${ip}` } }), 403);
    // Other addresses are unaffected.
    expect((await api('/api/v1/secure/auth/me', { headers: { ...other.auth, 'cf-connecting-ip': '192.0.2.1' } })).status).toBe(200);

    const del = await api(`${BASE}/${block.body.data.id}`, { method: 'DELETE', headers: admin.auth });
    expect(del.status).toBe(204);
    expect((await api('/api/v1/secure/auth/me', { headers: from(other.auth) })).status).toBe(200);
    expect((await api('/api/v1/public/timezones/?limit=1', { headers: from() })).status).toBe(200);
  });

  it('an expired block no longer applies', async () => {
    const ip = freshIp();
    const block = await post({ ip_address: ip, expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    expectError(await api('/api/v1/public/countries/?limit=1', { headers: { 'cf-connecting-ip': ip } }), 403);
    const past = new Date(Date.now() - 1000).toISOString();
    await api(`${BASE}/${block.body.data.id}`, { method: 'PATCH', headers: admin.auth, json: { expires_at: past } });
    expect((await api('/api/v1/public/countries/?limit=1', { headers: { 'cf-connecting-ip': ip } })).status).toBe(200);
  });

  it('an unblock made elsewhere reaches a refused caller within SECURITY_CACHE_SECONDS, permanent block included', async () => {
    const ip = freshIp();
    const block = await post({ ip_address: ip, reason: 'permanent' });
    const from = { 'cf-connecting-ip': ip };
    expectError(await api('/api/v1/public/timezones/regions', { headers: from }), 403);
    // Another isolate (or an administrator elsewhere) removes the entry; this isolate is not told.
    await withDb((db) => db.delete(ipBlacklist).where(eq(ipBlacklist.id, block.body.data.id)));
    await new Promise((r) => setTimeout(r, 5100));
    // Only the blocked caller calls: its own refused requests must notice the unblock.
    const after = await api('/api/v1/public/timezones/regions', { headers: from });
    expect(after.status).toBe(200);
  });

  it('says when a block ends, and leaves health and the API description reachable', async () => {
    const ip = freshIp();
    const until = new Date(Date.now() + 600_000);
    const temp = await post({ ip_address: ip, expires_at: until.toISOString() });
    const from = { 'cf-connecting-ip': ip };
    const res = await api('/api/v1/public/countries/?limit=1', { headers: from });
    expectError(res, 403, 'FORBIDDEN');
    expect(res.body.details).toMatchObject({ reason: 'IP_BLOCKED', expiresAt: until.toISOString() });
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(590);
    expect(retry).toBeLessThanOrEqual(600);
    for (const path of ['/api/v1/system/health', '/api/v1/system/health/', '/openapi.json', '/docs']) {
      expect((await api(path, { headers: from })).status, path).toBe(200);
    }
    await api(`${BASE}/${temp.body.data.id}`, { method: 'PATCH', headers: admin.auth, json: { expires_at: null } });
    const perm = await api('/api/v1/public/countries/?limit=1', { headers: from });
    expectError(perm, 403);
    expect(perm.body.details).toMatchObject({ reason: 'IP_BLOCKED', expiresAt: null });
    expect(perm.headers.get('retry-after')).toBeNull();
    await api(`${BASE}/${temp.body.data.id}`, { method: 'DELETE', headers: admin.auth });
  });

  it('exempts the local stack\'s loopback address in development only', async () => {
    const ip = '127.3.4.5';
    const block = await post({ ip_address: ip, reason: 'loopback' });
    try {
      const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
      const call = (appEnv: string) =>
        createApp().fetch(new Request('http://api.test/api/v1/public/countries/?limit=1', { headers: { 'cf-connecting-ip': ip } }), { ...env, APP_ENV: appEnv } as Env, ctx);
      expect((await call('development')).status).toBe(200);
      expect((await call('production')).status).toBe(403);
      expectError(await api('/api/v1/public/countries/?limit=1', { headers: { 'cf-connecting-ip': ip } }), 403); // APP_ENV=test
    } finally {
      await api(`${BASE}/${block.body.data.id}`, { method: 'DELETE', headers: admin.auth });
    }
  });

  it('a database-free request does not open a connection for the check', async () => {
    const res = await api('/api/v1/public/timezones/?limit=1', { headers: { 'cf-connecting-ip': freshIp() } });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing') ?? '').not.toMatch(/\bdb(-connect)?\b/);
  });
});

describe('auto-blocking', () => {
  it('blacklists an IP after repeated failed sign-ins (throttled attempts included) for the configured duration', async () => {
    const cfg = await api('/api/v1/system/security/config', { headers: admin.auth });
    expect(cfg.status, JSON.stringify(cfg.body)).toBe(200);
    const { ip_blacklist_auto_block_threshold: defaultThreshold, ip_blacklist_auto_block_duration_seconds: original } = cfg.body.data;
    // Above the per-IP sign-in limit (LOGIN_IP_MAX_FAILURES, 30), so refused (429) attempts count too.
    const threshold = 35;
    const patched = await api('/api/v1/system/security/config', { method: 'PATCH', headers: admin.auth, json: { ip_blacklist_auto_block_duration_seconds: 7200, ip_blacklist_auto_block_threshold: threshold } });
    expect(patched.status).toBe(200);
    try {
      const ip = freshIp();
      const target = await newTenant();
      const statuses: number[] = [];
      for (let i = 0; i < threshold; i++) {
        const r = await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: `${unique('x')}@example.test`, password: 'wrong password' } });
        statuses.push(r.status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true); // the 30th engages the per-IP sign-in throttle
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      // Now even the right password (and any other route) is refused.
      const refused = await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: target.email, password: target.password } });
      expectError(refused, 403);
      expect(refused.body.details.reason).toBe('IP_BLOCKED');

      const list = await api(`${BASE}?ip_address=${ip}&auto_blocked=true`, { headers: admin.auth });
      expect(list.body.data.total).toBe(1);
      const entry = list.body.data.entries[0];
      expect(entry).toMatchObject({ auto_blocked: true, failed_attempts: threshold, created_by: null });
      const seconds = (Date.parse(entry.expires_at) - Date.parse(entry.blocked_at)) / 1000;
      expect(Math.abs(seconds - 7200)).toBeLessThan(5);
      const events = await withDb((db) => db.select().from(securityEvents).where(inArray(securityEvents.eventType, ['ip_auto_blocked'])));
      expect(events.some((e) => e.ipAddress === ip)).toBe(true);

      await api(`${BASE}/${entry.id}`, { method: 'DELETE', headers: admin.auth });
      expect((await api('/api/v1/public/timezones/?limit=1', { headers: { 'cf-connecting-ip': ip } })).status).toBe(200);
    } finally {
      await api('/api/v1/system/security/config', { method: 'PATCH', headers: admin.auth, json: { ip_blacklist_auto_block_duration_seconds: original, ip_blacklist_auto_block_threshold: defaultThreshold } });
    }
  });

  it('defaults a shared office address and a busy integrator survive', async () => {
    // Ten failed sign-ins from one NAT address (a few people mistyping) do not blacklist it.
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: `${unique('nat')}@example.test`, password: 'wrong password' } });
    }
    expect(await withDb((db) => db.$count(ipBlacklist, eq(ipBlacklist.ipAddress, ip)))).toBe(0);
    // The installation defaults (what a new platform starts with), not whatever other tests set.
    const defaults = await withDb((db) =>
      db.execute<{ column_name: string; column_default: string }>(
        sql`select column_name, column_default from information_schema.columns where table_name = 'system_security_config'
            and column_name in ('dos_max_requests_per_ip', 'dos_block_duration_seconds', 'ip_blacklist_auto_block_threshold', 'ip_blacklist_auto_block_duration_seconds')`,
      ),
    );
    expect(Object.fromEntries(defaults.rows.map((r) => [r.column_name, Number(r.column_default)]))).toEqual({
      dos_max_requests_per_ip: 10000,
      dos_block_duration_seconds: 60,
      ip_blacklist_auto_block_threshold: 50,
      ip_blacklist_auto_block_duration_seconds: 900,
    });
  });

  it('does not block below the threshold', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: `${unique('y')}@example.test`, password: 'wrong password' } });
    }
    expect((await api('/api/v1/public/timezones/?limit=1', { headers: { 'cf-connecting-ip': ip } })).status).toBe(200);
    expect(await withDb((db) => db.$count(ipBlacklist, eq(ipBlacklist.ipAddress, ip)))).toBe(0);
  });
});

