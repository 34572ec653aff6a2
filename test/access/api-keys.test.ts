import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema/access';
import {
  assertWritableProperties,
  filterReadableProperties,
  forbiddenProperties,
  mergePermissions,
  PERMISSION_TEMPLATES,
  propertyLimit,
  toPermissionCodes,
} from '../../src/lib/access-permissions';
import { ipAllowed, parseCidr } from '../../src/lib/ip';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, type ApiResponse } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { until } from '../helpers/wait';

const BASE = '/api/v1/secure/api-keys/';

async function createKey(owner: SignedIn, json: Record<string, unknown> = {}, query = ''): Promise<ApiResponse> {
  const res = await api(BASE + query, { method: 'POST', headers: owner.auth, json: { name: 'Integration', ...json } });
  expect(res.status).toBe(201);
  return res;
}

const keyCount = (tenantId: string) => withDb(async (db) => (await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId))).length);

describe('API keys: management', () => {
  it('creates a key shown once, stored hashed, and lists/gets it without the secret', async () => {
    const owner = await newTenant();
    const res = await createKey(owner, { description: 'for the app', permissions: { resources: { read: true } }, ip_whitelist: ['10.0.0.0/8'] });
    expectReferenceShape('POST', BASE, res);
    const { data, fullKey } = res.body;
    expect(fullKey).toMatch(new RegExp(`^pve_sk_${data.key_uuid}_[A-Za-z0-9_-]{43}$`));
    expect(data).toMatchObject({ name: 'Integration', enabled: true, mcp_write_enabled: false, request_count: 0, created_by: owner.userId, tenantId: owner.tenantId });
    expect(data.key_preview).toBe(`pve_sk_${data.key_uuid.slice(0, 8)}...${fullKey.slice(-4)}`);
    const secret = fullKey.slice(`pve_sk_${data.key_uuid}_`.length);
    const [row] = await withDb((db) => db.select().from(apiKeys).where(eq(apiKeys.id, data.id)));
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);

    const list = await api(BASE, { headers: owner.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', BASE, list);
    expect(list.body.data.map((k: { id: string }) => k.id)).toEqual([data.id]);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const one = await api(`${BASE.slice(0, -1)}/${data.id}`, { headers: owner.auth });
    expect(one.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/api-keys/{id}', one);
    expect(one.body.data).toEqual(data);
  });

  it('applies a template from the query, overridden by body sections', async () => {
    const owner = await newTenant();
    const res = await createKey(owner, { permissions: { calendar: { events: true } } }, '?template=ASSET_TRACKER');
    expect(res.body.data.permissions).toEqual({ ...PERMISSION_TEMPLATES.ASSET_TRACKER.permissions, calendar: { free_busy: false, events: true } });
    const mcp = await createKey(owner, {}, '?template=MCP_DEVELOPER');
    expect(mcp.body.data.mcp_write_enabled).toBe(true);
    const bad = await api(`${BASE}?template=NOPE`, { method: 'POST', headers: owner.auth, json: { name: 'x' } });
    expectError(bad, 400, 'VALIDATION_ERROR');
  });

  it('rejects invalid input with 400 and writes nothing', async () => {
    const owner = await newTenant();
    for (const json of [
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'ok', ip_whitelist: ['10.0.0.0/33'] },
      { name: 'ok', ip_whitelist: ['not-an-ip'] },
      { name: 'ok', expires_at: '2001-01-01T00:00:00Z' },
      { name: 'ok', permissions: { resources: { read: 'yes' } } },
      { name: 'ok', permissions: { admin: { all: true } } },
      { name: 'ok', extra: 1 },
    ]) {
      const res = await api(BASE, { method: 'POST', headers: owner.auth, json });
      expectError(res, 400, 'VALIDATION_ERROR');
    }
    expect(await keyCount(owner.tenantId)).toBe(0);
  });

  it('patches fields, merges permissions section by section, and deletes', async () => {
    const owner = await newTenant();
    const { data } = (await createKey(owner, { permissions: { resources: { read: true, properties: ['status'] }, spaces: { read: true } } })).body;
    const path = `${BASE.slice(0, -1)}/${data.id}`;
    const res = await api(path, {
      method: 'PATCH',
      headers: owner.auth,
      json: { name: 'Renamed', permissions: { resources: { write: true } }, ip_whitelist: ['2001:db8::/32'], expires_at: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(res.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/api-keys/{id}', res);
    expect(res.body.data).toMatchObject({ name: 'Renamed', ip_whitelist: ['2001:db8::/32'] });
    expect(res.body.data.permissions).toEqual({ resources: { read: true, write: true, properties: ['status'] }, spaces: { read: true } });
    const cleared = await api(path, { method: 'PATCH', headers: owner.auth, json: { ip_whitelist: null, expires_at: null } });
    expect(cleared.body.data).toMatchObject({ ip_whitelist: null, expires_at: null });
    expectError(await api(path, { method: 'PATCH', headers: owner.auth, json: { ip_whitelist: ['300.1.1.1'] } }), 400, 'VALIDATION_ERROR');

    const del = await api(path, { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    expectError(await api(path, { headers: owner.auth }), 404, 'NOT_FOUND');
    expectError(await api(path, { method: 'DELETE', headers: owner.auth }), 404, 'NOT_FOUND');
  });

  it("never shows or changes another tenant's keys (404)", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const { data } = (await createKey(a)).body;
    const path = `${BASE.slice(0, -1)}/${data.id}`;
    expectError(await api(path, { headers: b.auth }), 404, 'NOT_FOUND');
    expectError(await api(path, { method: 'PATCH', headers: b.auth, json: { enabled: false } }), 404, 'NOT_FOUND');
    expectError(await api(`${path}/rotate`, { method: 'POST', headers: b.auth, json: {} }), 404, 'NOT_FOUND');
    expectError(await api(path, { method: 'DELETE', headers: b.auth }), 404, 'NOT_FOUND');
    expect((await api(BASE, { headers: b.auth })).body.data).toEqual([]);
    const still = await api(path, { headers: a.auth });
    expect(still.body.data.enabled).toBe(true);
  });

  it('needs credentials (401) and api_keys permissions (403)', async () => {
    const owner = await newTenant();
    expectError(await api(BASE), 401, 'UNAUTHORIZED');
    expectError(await api(BASE, { headers: { authorization: 'Bearer nonsense' } }), 401, 'UNAUTHORIZED');
    const member = await addMember(owner.tenantId, 'member');
    expectError(await api(BASE, { headers: member.auth }), 403, 'FORBIDDEN');
    expectError(await api(BASE, { method: 'POST', headers: member.auth, json: { name: 'x' } }), 403, 'FORBIDDEN');
    expect(await keyCount(owner.tenantId)).toBe(0);
  });
});

describe('API keys: authentication', () => {
  it('works as Bearer and as X-API-Key, only where its permissions reach', async () => {
    const owner = await newTenant();
    const { data, fullKey } = (await createKey(owner, {}, '?template=FULL_ACCESS')).body;
    const self = `${BASE.slice(0, -1)}/${data.id}`;
    const bearer = await api(self, { headers: { authorization: `Bearer ${fullKey}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.body.data.id).toBe(data.id);
    const header = await api(self, { headers: { 'x-api-key': fullKey } });
    expect(header.status).toBe(200);
    // A key cannot manage keys (no section maps onto api_keys:*), nor read another key.
    const other = (await createKey(owner)).body.data;
    expectError(await api(`${BASE.slice(0, -1)}/${other.id}`, { headers: { 'x-api-key': fullKey } }), 403, 'FORBIDDEN');
    expectError(await api(BASE, { headers: { 'x-api-key': fullKey } }), 403, 'FORBIDDEN');
    expectError(await api(BASE, { method: 'POST', headers: { 'x-api-key': fullKey }, json: { name: 'escalate' } }), 403, 'FORBIDDEN');
    // Routes for signed-in people refuse keys.
    const me = await api('/api/v1/secure/auth/me', { headers: { 'x-api-key': fullKey } });
    expectError(me, 403, 'FORBIDDEN');
    expect(me.body.details.reason).toBe('API_KEY_NOT_ALLOWED');
    // Conflicting credentials.
    expectError(await api(self, { headers: { 'x-api-key': fullKey, authorization: owner.auth.authorization } }), 401, 'UNAUTHORIZED');
  });

  it('counts requests and records last use after the response', async () => {
    const owner = await newTenant();
    const { data, fullKey } = (await createKey(owner)).body;
    const self = `${BASE.slice(0, -1)}/${data.id}`;
    // Warm the isolate's IP-blacklist snapshot (reloaded at most every few seconds) so it does not count.
    await api(self, { headers: { 'x-api-key': fullKey, 'cf-connecting-ip': '203.0.113.7' } });
    for (let i = 0; i < 3; i++) {
      const res = await api(self, { headers: { 'x-api-key': fullKey, 'cf-connecting-ip': '203.0.113.7' } });
      expect(res.status).toBe(200);
      // On the response path: the key lookup and the route's read, in one batch (the isolate knows
      // the key's tenant since the first call); the counter write comes after.
      expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="2 queries in 1 round trips"/);
    }
    const row = await until(
      () => withDb(async (db) => (await db.select().from(apiKeys).where(eq(apiKeys.id, data.id)))[0]!),
      (r) => r.requestCount >= 4,
    );
    expect(row.requestCount).toBe(4); // the warm-up request and the three measured ones
    expect(row.lastUsedIp).toBe('203.0.113.7');
    expect(row.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const shown = await api(self, { headers: owner.auth });
    expect(shown.body.data).toMatchObject({ request_count: 4, last_used_ip: '203.0.113.7' });
  });

  it('rotation returns a new key and kills the old secret at once', async () => {
    const owner = await newTenant();
    const { data, fullKey } = (await createKey(owner)).body;
    const self = `${BASE.slice(0, -1)}/${data.id}`;
    const rotated = await api(`${self}/rotate`, { method: 'POST', headers: owner.auth, json: {} });
    expect(rotated.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/api-keys/{id}/rotate', rotated);
    expect(rotated.body.fullKey).not.toBe(fullKey);
    expect(rotated.body.data.key_preview).not.toBe(data.key_preview);
    expectError(await api(self, { headers: { 'x-api-key': fullKey } }), 401, 'UNAUTHORIZED');
    expect((await api(self, { headers: { 'x-api-key': rotated.body.fullKey } })).status).toBe(200);
    // Rotating without a body works too.
    expect((await api(`${self}/rotate`, { method: 'POST', headers: owner.auth })).status).toBe(200);
  });

  it('refuses wrong secrets, unknown keys, disabled and expired keys with 401', async () => {
    const owner = await newTenant();
    const { data, fullKey } = (await createKey(owner)).body;
    const self = `${BASE.slice(0, -1)}/${data.id}`;
    const wrong = fullKey.slice(0, -4) + (fullKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectError(await api(self, { headers: { 'x-api-key': wrong } }), 401, 'UNAUTHORIZED');
    expectError(await api(self, { headers: { 'x-api-key': fullKey.replace(data.key_uuid, crypto.randomUUID()) } }), 401, 'UNAUTHORIZED');
    expectError(await api(self, { headers: { 'x-api-key': 'pve_sk_garbage' } }), 401, 'UNAUTHORIZED');

    await api(self, { method: 'PATCH', headers: owner.auth, json: { enabled: false } });
    expectError(await api(self, { headers: { authorization: `Bearer ${fullKey}` } }), 401, 'UNAUTHORIZED');
    await api(self, { method: 'PATCH', headers: owner.auth, json: { enabled: true } });
    expect((await api(self, { headers: { authorization: `Bearer ${fullKey}` } })).status).toBe(200);

    await withDb((db) => db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, data.id)));
    const expired = await api(self, { headers: { 'x-api-key': fullKey } });
    expectError(expired, 401, 'UNAUTHORIZED');
    expect(expired.body.message).toMatch(/expired/);

    await api(self, { method: 'DELETE', headers: owner.auth });
    expectError(await api(self, { headers: { 'x-api-key': fullKey } }), 401, 'UNAUTHORIZED');
  });

  it('enforces the IP allow-list (IPv4 and IPv6 CIDR) with 403', async () => {
    const owner = await newTenant();
    const { data, fullKey } = (await createKey(owner, { ip_whitelist: ['192.168.1.0/24', '2001:db8::/32'] })).body;
    const self = `${BASE.slice(0, -1)}/${data.id}`;
    const at = (ip?: string) => api(self, { headers: { 'x-api-key': fullKey, ...(ip ? { 'cf-connecting-ip': ip } : {}) } });
    expect((await at('192.168.1.200')).status).toBe(200);
    expect((await at('2001:db8:abcd::1')).status).toBe(200);
    const denied = await at('192.168.2.1');
    expectError(denied, 403, 'FORBIDDEN');
    expect(denied.body.details.reason).toBe('IP_NOT_ALLOWED');
    expectError(await at('2001:db9::1'), 403, 'FORBIDDEN');
    expectError(await at(), 403, 'FORBIDDEN');
  });

  it('binds a key to a device fingerprint when one is set', async () => {
    const owner = await newTenant();
    const { data, fullKey } = (await createKey(owner, { device_fingerprint: 'device-123' })).body;
    const self = `${BASE.slice(0, -1)}/${data.id}`;
    expectError(await api(self, { headers: { 'x-api-key': fullKey } }), 403, 'FORBIDDEN');
    expect((await api(self, { headers: { 'x-api-key': fullKey, 'x-device-fingerprint': 'device-123' } })).status).toBe(200);
  });
});

describe('permission object helpers', () => {
  it('maps sections onto catalog codes', () => {
    expect(toPermissionCodes({}).sort()).toEqual(['mcp:use']);
    expect(toPermissionCodes({ resources: { read: true, write: false }, tags: { read: true }, calendar: { free_busy: true }, users: { read: true } }).sort()).toEqual(
      ['calendar:free_busy', 'mcp:use', 'resources:read', 'search:read', 'taxonomy:read', 'users:read'].sort(),
    );
    expect(toPermissionCodes({ calendar: { events: true } })).toEqual(expect.arrayContaining(['calendar:read', 'calendar:write']));
    const full = toPermissionCodes(PERMISSION_TEMPLATES.FULL_ACCESS.permissions);
    for (const admin of ['api_keys:read', 'api_keys:write', 'users:write', 'groups:write', 'security:write', 'app_accounts:write']) expect(full).not.toContain(admin);
    expect(toPermissionCodes(PERMISSION_TEMPLATES.READ_ONLY.permissions)).not.toContain('resources:write');
  });

  it('merges section by section', () => {
    expect(mergePermissions({ resources: { read: true, properties: ['a'] }, tags: { read: true } }, { resources: { write: true } })).toEqual({
      resources: { read: true, write: true, properties: ['a'] },
      tags: { read: true },
    });
  });

  it('limits resource properties on read and write', () => {
    const limited = propertyLimit({ access: { resources: { read: true, properties: ['status', 'currentLocation'] } } });
    expect(limited).toEqual(['status', 'currentLocation']);
    expect(propertyLimit({ access: { resources: { properties: [] } } })).toBeNull();
    expect(propertyLimit({ access: null })).toBeNull();
    const props = { status: 'ok', currentLocation: { lat: 1 }, price: 10, secretNote: 'x' };
    expect(filterReadableProperties(limited, props)).toEqual({ status: 'ok', currentLocation: { lat: 1 } });
    expect(filterReadableProperties(null, props)).toEqual(props);
    expect(forbiddenProperties(limited, ['status', 'price', 'price'])).toEqual(['price']);
    expect(() => assertWritableProperties(limited, ['status'])).not.toThrow();
    expect(() => assertWritableProperties(limited, ['status', 'secretNote'])).toThrow(/secretNote/);
    expect(() => assertWritableProperties(null, ['anything'])).not.toThrow();
  });

  it('matches IPv4 and IPv6 CIDR ranges', () => {
    expect(ipAllowed(['10.0.0.0/8'], '10.200.3.4')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(ipAllowed(['10.0.0.1'], '10.0.0.1')).toBe(true);
    expect(ipAllowed(['2001:db8::/32'], '2001:db8::1')).toBe(true);
    expect(ipAllowed(['2001:db8::/32'], '2001:db9::1')).toBe(false);
    expect(ipAllowed(['192.168.0.0/16'], '::ffff:192.168.3.4')).toBe(true);
    expect(ipAllowed(['::/0'], '10.0.0.1')).toBe(false);
    expect(ipAllowed(['10.0.0.0/8'], null)).toBe(false);
    for (const bad of ['1.2.3', '1.2.3.4/33', '::1::2', '300.1.1.1', 'host.example']) expect(parseCidr(bad)).toBeNull();
  });
});
