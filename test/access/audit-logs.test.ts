import { beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/access';
import { inArray } from 'drizzle-orm';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const PATH = '/api/v1/secure/audit-logs/';
let t: SignedIn;
let other: SignedIn;
const apiKeyId = crypto.randomUUID();
const groupId = crypto.randomUUID();
const base = Date.parse('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(base + minutes * 60_000);

beforeAll(async () => {
  t = await newTenant();
  other = await newTenant();
  // Start from a known log: drop what registration itself wrote for these two tenants.
  await withDb((db) => db.delete(auditLogs).where(inArray(auditLogs.tenantId, [t.tenantId, other.tenantId])));
  await withDb((db) =>
    db.insert(auditLogs).values([
      { tenantId: t.tenantId, actorType: 'user', actorId: t.userId, action: 'group.create', resourceType: 'group', resourceId: groupId, ipAddress: '192.0.2.1', userAgent: 'ua/1', requestId: 'r1', details: { name: 'Ops' }, createdAt: at(1) },
      { tenantId: t.tenantId, actorType: 'user', actorId: t.userId, action: 'group.update', resourceType: 'group', resourceId: groupId, createdAt: at(2) },
      { tenantId: t.tenantId, actorType: 'api_key', actorId: apiKeyId, action: 'space.create', resourceType: 'space', resourceId: 'space-slug', createdAt: at(3) },
      { tenantId: t.tenantId, actorType: 'system', action: 'tenant.settings', createdAt: at(4) },
      { tenantId: other.tenantId, actorType: 'user', actorId: other.userId, action: 'group.create', resourceType: 'group', resourceId: groupId, createdAt: at(5) },
    ]),
  );
});

const list = (query = '', who: SignedIn = t) => api(`${PATH}${query}`, { headers: who.auth });

describe('GET /secure/audit-logs', () => {
  it('lists the tenant\'s entries newest first, never another tenant\'s', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expectReferenceShape('GET', PATH, res);
    expect(res.body.data.map((e: { action: string }) => e.action)).toEqual(['tenant.settings', 'space.create', 'group.update', 'group.create']);
    expect(res.body.pagination).toEqual({ total: 4, limit: 50, offset: 0, hasMore: false });
    const created = res.body.data[3];
    expect(created).toMatchObject({
      tenantId: t.tenantId, user_id: t.userId, resource_type: 'group', resource_id: groupId, ip_address: '192.0.2.1', user_agent: 'ua/1',
      created_at: at(1).toISOString(),
    });
    expect(created.details).toMatchObject({ name: 'Ops', actor_type: 'user', actor_id: t.userId, request_id: 'r1' });
    // API-key entries name no user; non-UUID resource ids move into details; unnamed resources read `unknown`.
    expect(res.body.data[1]).toMatchObject({ user_id: null, resource_id: null, details: { actor_type: 'api_key', actor_id: apiKeyId, resource_id: 'space-slug' } });
    expect(res.body.data[0]).toMatchObject({ resource_type: 'unknown', resource_id: null });
    const theirs = await list('', other);
    expect(theirs.body.data.map((e: { tenantId: string }) => e.tenantId)).toEqual([other.tenantId]);
  });

  it('filters by actor, action, resource and time range, and pages', async () => {
    const actions = async (q: string) => (await list(q)).body.data.map((e: { action: string }) => e.action);
    expect(await actions(`?actor_id=${apiKeyId}`)).toEqual(['space.create']);
    expect(await actions(`?user_id=${t.userId}`)).toEqual(['group.update', 'group.create']);
    expect(await actions('?actor_type=system')).toEqual(['tenant.settings']);
    expect(await actions('?action=group.create')).toEqual(['group.create']);
    expect(await actions('?action=group.*')).toEqual(['group.update', 'group.create']);
    expect(await actions('?action=group.%25')).toEqual([]);
    expect(await actions('?resource_type=group')).toEqual(['group.update', 'group.create']);
    expect(await actions(`?resource_type=group&resource_id=${groupId}&action=group.update`)).toEqual(['group.update']);
    expect(await actions(`?from=${at(2).toISOString()}&to=${at(3).toISOString()}`)).toEqual(['space.create', 'group.update']);
    expect(await actions(`?from=${at(4).toISOString()}`)).toEqual(['tenant.settings']);
    const page = await list('?limit=2&offset=1');
    expect(page.body.data.map((e: { action: string }) => e.action)).toEqual(['space.create', 'group.update']);
    expect(page.body.pagination).toEqual({ total: 4, limit: 2, offset: 1, hasMore: true });
    const last = await list('?limit=2&offset=2');
    expect(last.body.pagination.hasMore).toBe(false);
    // Another tenant's actor id finds nothing here.
    expect((await list(`?actor_id=${other.userId}`)).body.data).toEqual([]);
  });

  it('rejects invalid filters with 400', async () => {
    for (const q of ['?actor_id=nope', '?actor_type=robot', '?from=yesterday', `?from=${at(5).toISOString()}&to=${at(1).toISOString()}`, '?limit=0', '?limit=201', '?offset=-1', `?actor_id=${t.userId}&user_id=${apiKeyId}`]) {
      expectError(await list(q), 400, 'VALIDATION_ERROR');
    }
  });

  it('refuses anonymous callers (401) and roles without audit:read (403)', async () => {
    expectError(await api(PATH), 401, 'UNAUTHORIZED');
    expectError(await api(PATH, { headers: { authorization: 'Bearer x.y.z' } }), 401);
    const manager = await addMember(t.tenantId, 'manager');
    const member = await addMember(t.tenantId, 'member');
    const forbidden = await list('', manager);
    expectError(forbidden, 403, 'FORBIDDEN');
    expect(forbidden.body.details).toEqual({ permission: 'audit:read' });
    expectError(await list('', member), 403);
    const admin = await addMember(t.tenantId, 'admin');
    // The four seeded entries and the sign-ins of the three members added above.
    expect((await list('', admin)).body.pagination.total).toBe(4 + 3);
  });
});
