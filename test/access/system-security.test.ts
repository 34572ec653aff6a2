import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/access';
import { securityEvents } from '../../src/db/schema/access';
import { ipBlacklist, systemSecurityConfig } from '../../src/db/schema/access';
import { addMember, makeSystemAdmin, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique, type SignedIn } from '../helpers/identity';

const CONFIG = '/api/v1/system/security/config';
const EVENTS = '/api/v1/system/security/events';
const METRICS = '/api/v1/system/security/metrics';
const AUDIT = '/api/v1/system/logs/security-audit';
let admin: SignedIn;
let owner: SignedIn;

beforeAll(async () => {
  const t = await newTenant();
  await makeSystemAdmin(t.userId);
  admin = await signIn(t.email, t.password);
  owner = await newTenant();
});

const ROUTES: [string, string, unknown?][] = [
  ['GET', CONFIG],
  ['PATCH', CONFIG, { cache_enabled: true }],
  ['GET', EVENTS],
  ['GET', '/api/v1/system/security/ip-blacklist'],
  ['POST', '/api/v1/system/security/ip-blacklist', { ip_address: '192.0.2.200' }],
  ['GET', `/api/v1/system/security/ip-blacklist/${crypto.randomUUID()}`],
  ['PATCH', `/api/v1/system/security/ip-blacklist/${crypto.randomUUID()}`, { reason: 'x' }],
  ['DELETE', `/api/v1/system/security/ip-blacklist/${crypto.randomUUID()}`],
  ['GET', METRICS],
  ['GET', AUDIT],
];

describe('system security routes', () => {
  it('refuse anonymous callers (401) and tenant owners who are not system administrators (403)', async () => {
    for (const [method, path, json] of ROUTES) {
      expectError(await api(path, { method, json }), 401, 'UNAUTHORIZED');
      expectError(await api(path, { method, headers: { authorization: 'Bearer bad' }, json }), 401);
      expectError(await api(path, { method, headers: owner.auth, json }), 403, 'FORBIDDEN');
    }
    expect(await withDb((db) => db.$count(ipBlacklist, eq(ipBlacklist.ipAddress, '192.0.2.200')))).toBe(0);
    // Refusals are recorded as permission_denied security events.
    const denied = await withDb((db) => db.select().from(securityEvents).where(eq(securityEvents.userId, owner.userId)));
    expect(denied.filter((e) => e.eventType === 'permission_denied').length).toBeGreaterThanOrEqual(ROUTES.length);
  });
});

describe('global security config', () => {
  it('reads and changes settings, recording who changed them', async () => {
    const res = await api(CONFIG, { headers: admin.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', CONFIG, res);
    expect(res.body.data).toMatchObject({ ip_blacklist_enabled: true, ip_blacklist_auto_block: true, ip_blacklist_auto_block_threshold: 50 });
    const value = 100 + Math.floor(Math.random() * 1000);
    const patched = await api(CONFIG, { method: 'PATCH', headers: admin.auth, json: { dos_max_requests_per_ip: value, cache_default_ttl_seconds: 120 } });
    expect(patched.status).toBe(200);
    expectReferenceShape('PATCH', CONFIG, patched);
    expect(patched.body.data).toMatchObject({ dos_max_requests_per_ip: value, cache_default_ttl_seconds: 120, updated_by: admin.userId, id: res.body.data.id });
    expect(Date.parse(patched.body.data.updated_at)).toBeGreaterThanOrEqual(Date.parse(res.body.data.updated_at));
    expect((await api(CONFIG, { headers: admin.auth })).body.data.dos_max_requests_per_ip).toBe(value);
    expect(await withDb((db) => db.$count(systemSecurityConfig))).toBe(1);
  });

  it('rejects out-of-range, fractional and unknown settings and writes nothing', async () => {
    const before = await withDb((db) => db.select().from(systemSecurityConfig));
    for (const json of [
      { dos_max_requests_per_ip: 99 },
      { dos_max_requests_per_ip: 100001 },
      { ip_blacklist_auto_block_threshold: 2 },
      { ip_blacklist_auto_block_duration_seconds: 604801 },
      { circuit_breaker_cpu_threshold: 100 },
      { circuit_breaker_check_interval_seconds: 4 },
      { queue_timeout_ms: 999 },
      { cache_max_entries: 150.5 },
      { dos_enabled: 'yes' },
      { no_such_setting: 1 },
    ]) {
      expectError(await api(CONFIG, { method: 'PATCH', headers: admin.auth, json }), 400, 'VALIDATION_ERROR');
    }
    expect(await withDb((db) => db.select().from(systemSecurityConfig))).toEqual(before);
  });
});

describe('security events, metrics and the security audit log', () => {
  it('lists events newest first with filters', async () => {
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const email = `${unique('ev')}@example.test`;
    await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email, password: 'wrong password' } });
    await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email, password: 'wrong again' } });
    const res = await api(`${EVENTS}?ip_address=${ip}&event_type=login_failed`, { headers: admin.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', EVENTS, res);
    expect(res.body.data.total).toBe(2);
    expect(res.body.data.events[0]).toMatchObject({ event_type: 'login_failed', ip_address: ip, severity: 'low', details: { email } });
    expect(Date.parse(res.body.data.events[0].created_at)).toBeGreaterThanOrEqual(Date.parse(res.body.data.events[1].created_at));
    const one = await api(`${EVENTS}?ip_address=${ip}&limit=1&offset=1`, { headers: admin.auth });
    expect(one.body.data.events).toHaveLength(1);
    expect((await api(`${EVENTS}?ip_address=${ip}&severity=critical`, { headers: admin.auth })).body.data.total).toBe(0);
    expect((await api(`${EVENTS}?ip_address=${ip}&from=2999-01-01T00:00:00Z`, { headers: admin.auth })).body.data.total).toBe(0);
    for (const q of ['?severity=huge', '?ip_address=nope', '?user_id=1', '?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z', '?limit=501']) {
      expectError(await api(`${EVENTS}${q}`, { headers: admin.auth }), 400, 'VALIDATION_ERROR');
    }
  });

  it('reports metrics that follow the blacklist and events', async () => {
    const before = await api(METRICS, { headers: admin.auth });
    expect(before.status).toBe(200);
    expectReferenceShape('GET', METRICS, before);
    await withDb((db) =>
      db.insert(ipBlacklist).values([
        { ipAddress: `192.0.2.${100 + Math.floor(Math.random() * 50)}:x`.replace(':x', ''), reason: 'm1' },
        { ipAddress: `2001:db8:ffff::${Math.floor(Math.random() * 0xfff).toString(16)}`, expiresAt: new Date(Date.now() + 60_000), autoBlocked: true },
        { ipAddress: `2001:db8:eeee::${Math.floor(Math.random() * 0xfff).toString(16)}`, expiresAt: new Date(Date.now() - 60_000) },
      ]).onConflictDoNothing(),
    );
    const after = (await api(METRICS, { headers: admin.auth })).body.data;
    const b = before.body.data;
    expect(after.total_blocked_ips - b.total_blocked_ips).toBeGreaterThanOrEqual(3);
    expect(after.active_blocked_ips).toBe(after.permanent_blocks + after.temporary_blocks);
    expect(after.auto_blocked_count).toBeGreaterThan(b.auto_blocked_count);
    expect(after.events_last_24h).toBeGreaterThan(0);
    expect(Object.values(after.events_by_type as Record<string, number>).reduce((a, n) => a + n, 0)).toBe(after.events_last_24h);
    expect(Object.keys(after.events_by_severity).every((s) => ['low', 'medium', 'high', 'critical'].includes(s))).toBe(true);
  });

  it('maps security events and audit entries into the security audit log', async () => {
    const t = await newTenant();
    const member = await addMember(t.tenantId, 'member');
    const keyId = crypto.randomUUID();
    // A permission denial (recorded by the API) and a failed sign-in for this tenant's user.
    expectError(await api('/api/v1/secure/audit-logs/', { headers: member.auth }), 403);
    const failed = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: member.email, password: 'not the password' } });
    expect(failed.status, JSON.stringify(failed.body)).toBe(401);
    await withDb((db) =>
      db.insert(auditLogs).values([
        { tenantId: t.tenantId, actorType: 'api_key', actorId: keyId, action: 'space.create', resourceType: 'space' },
        { tenantId: null, actorType: 'user', actorId: member.userId, action: 'system.security.config.update' },
        { tenantId: t.tenantId, actorType: 'user', actorId: member.userId, action: 'group.create' }, // ordinary: not listed
      ]),
    );
    const res = await api(`${AUDIT}?userId=${member.userId}`, { headers: admin.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', AUDIT, res);
    const kinds = res.body.data.map((e: { eventType: string }) => e.eventType).sort();
    expect(kinds).toEqual(['admin_action', 'login_failed', 'permission_denied']);
    const denied = res.body.data.find((e: { eventType: string }) => e.eventType === 'permission_denied');
    expect(denied).toMatchObject({ userId: member.userId, tenantId: t.tenantId, details: { source: 'security_event', event_type: 'permission_denied', details: { required: 'audit:read' } } });
    const admins = res.body.data.find((e: { eventType: string }) => e.eventType === 'admin_action');
    expect(admins).toMatchObject({ tenantId: null, details: { source: 'audit_log', action: 'system.security.config.update' } });

    const keys = await api(`${AUDIT}?eventType=api_key_used&tenantId=${t.tenantId}`, { headers: admin.auth });
    expect(keys.body.data).toHaveLength(1);
    expect(keys.body.data[0]).toMatchObject({ userId: null, details: { actor_id: keyId, action: 'space.create' } });
    const paged = await api(`${AUDIT}?userId=${member.userId}&limit=2`, { headers: admin.auth });
    expect(paged.body.pagination).toEqual({ total: 3, limit: 2, offset: 0, hasMore: true });
    const times = res.body.data.map((e: { timestamp: string }) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const q of ['?eventType=other', '?userId=nope', '?limit=0']) {
      expectError(await api(`${AUDIT}${q}`, { headers: admin.auth }), 400);
    }
  });

  it('lists changes made through /api/v1/system as admin actions', async () => {
    const changed = await api('/api/v1/system/security/config', { method: 'PATCH', headers: { ...admin.auth, 'x-request-id': 'admin-change-1' }, json: { cache_enabled: true } });
    expect(changed.status).toBe(200);
    const res = await api(`${AUDIT}?eventType=admin_action&userId=${admin.userId}`, { headers: admin.auth });
    expect(res.body.data.some((e: any) => e.details.action === 'PATCH /api/v1/system/security/config')).toBe(true);
  });
});
