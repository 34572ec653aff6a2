import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { groupMembers, groups } from '../../src/db/schema/access';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { addMember, withDb } from '../helpers/db';
import { newTenant, unique } from '../helpers/identity';

const G = '/api/v1/secure/groups';
const create = (auth: Record<string, string>, json: unknown) => api(`${G}/create`, { method: 'POST', headers: auth, json });

describe('groups CRUD', () => {
  it('creates, lists, reads, updates and deletes within the tenant', async () => {
    const owner = await newTenant();
    const res = await create(owner.auth, { name: 'Editors', description: 'Content', permissions: ['spaces:write', 'spaces:write', 'files:write'] });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', `${G}/create`, res);
    expect(res.body.data).toMatchObject({ name: 'Editors', tenantId: owner.tenantId, permissions: ['spaces:write', 'files:write'] });
    const id = res.body.data.id;
    await create(owner.auth, { name: 'Auditors' });
    const list = await api(`${G}/?limit=1`, { headers: owner.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', `${G}/`, list);
    expect(list.body.data.map((g: { name: string }) => g.name)).toEqual(['Auditors']);
    expect(list.body.pagination).toMatchObject({ total: 2, hasMore: true });
    const search = await api(`${G}/?search=edit`, { headers: owner.auth });
    expect(search.body.data.map((g: { id: string }) => g.id)).toEqual([id]);
    const got = await api(`${G}/${id}`, { headers: owner.auth });
    expectReferenceShape('GET', `${G}/{id}`, got);
    const put = await api(`${G}/${id}`, { method: 'PUT', headers: owner.auth, json: { name: 'Writers', permissions: ['calendar:write'] } });
    expect(put.status).toBe(200);
    expectReferenceShape('PUT', `${G}/{id}`, put);
    expect(put.body.data).toMatchObject({ name: 'Writers', description: 'Content', permissions: ['calendar:write'] });
    expectError(await api(`${G}/${id}`, { method: 'PUT', headers: owner.auth, json: { name: 'Auditors' } }), 409, 'CONFLICT');
    expectError(await create(owner.auth, { name: 'Auditors' }), 409, 'CONFLICT');
    const del = await api(`${G}/${id}`, { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expectError(await api(`${G}/${id}`, { headers: owner.auth }), 404);
  });

  it('rejects unknown and non-grantable permission codes with 400 listing them, writing nothing', async () => {
    const owner = await newTenant();
    const name = unique('g-');
    const res = await create(owner.auth, { name, permissions: ['users:read', 'users:fly', 'nope', 'system:admin'] });
    expectError(res, 400, 'VALIDATION_ERROR');
    expect(res.body.details.unknownPermissions).toEqual(['users:fly', 'nope']);
    expect(res.body.details.notGrantable).toEqual(['system:admin']);
    expect(await withDb((db) => db.select().from(groups).where(eq(groups.name, name)))).toEqual([]);
    const ok = await create(owner.auth, { name });
    const put = await api(`${G}/${ok.body.data.id}`, { method: 'PUT', headers: owner.auth, json: { permissions: ['bogus:code'] } });
    expectError(put, 400);
    expect(put.body.details.unknownPermissions).toEqual(['bogus:code']);
    expectError(await create(owner.auth, { name: '' }), 400);
  });

  it('an admin cannot grant what they do not hold (no escalation through groups)', async () => {
    const owner = await newTenant();
    const admin = await addMember(owner.tenantId, 'admin');
    const res = await create(admin.auth, { name: 'Deleters', permissions: ['tenant:delete'] });
    expectError(res, 403, 'FORBIDDEN');
    const ownerGroup = await create(owner.auth, { name: 'Owners', permissions: ['tenant:delete'] });
    const join = await api(`${G}/${ownerGroup.body.data.id}/members`, { method: 'POST', headers: admin.auth, json: { userId: admin.userId } });
    expectError(join, 403);
  });

  it('another tenant’s group is 404 and untouched; 401; 403 for members on writes and guests on reads', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const theirs = await create(other.auth, { name: 'Theirs' });
    const tid = theirs.body.data.id;
    expectError(await api(`${G}/${tid}`, { headers: owner.auth }), 404);
    expectError(await api(`${G}/${tid}`, { method: 'PUT', headers: owner.auth, json: { name: 'Mine' } }), 404);
    expectError(await api(`${G}/${tid}`, { method: 'DELETE', headers: owner.auth }), 404);
    expectError(await api(`${G}/${tid}/members`, { headers: owner.auth }), 404);
    expectError(await api(`${G}/${tid}/members`, { method: 'POST', headers: owner.auth, json: { userId: owner.userId } }), 404);
    const [still] = await withDb((db) => db.select().from(groups).where(eq(groups.id, tid)));
    expect(still!.name).toBe('Theirs');
    expect((await api(`${G}/`, { headers: owner.auth })).body.data).toEqual([]);
    expectError(await api(`${G}/`), 401);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await create(member.auth, { name: 'Nope' }), 403);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(`${G}/`, { headers: guest.auth }), 403);
  });
});

describe('group members', () => {
  it('adds, lists and removes tenant members; users of other tenants are 404', async () => {
    const owner = await newTenant();
    const m = await addMember(owner.tenantId);
    const g = (await create(owner.auth, { name: 'Team' })).body.data;
    const add = await api(`${G}/${g.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: m.userId } });
    expect(add.status).toBe(204);
    expect((await api(`${G}/${g.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: m.userId } })).status).toBe(204);
    const list = await api(`${G}/${g.id}/members`, { headers: owner.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', `${G}/{id}/members`, list);
    expect(list.body.data).toEqual([expect.objectContaining({ user_id: m.userId, email: m.email, display_name: null })]);
    const filtered = await api(`${G}/?userId=${m.userId}`, { headers: owner.auth });
    expect(filtered.body.data.map((x: { id: string }) => x.id)).toEqual([g.id]);

    const stranger = await newTenant();
    const res = await api(`${G}/${g.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: stranger.userId } });
    expectError(res, 404);
    expect(await withDb((db) => db.select().from(groupMembers).where(eq(groupMembers.userId, stranger.userId)))).toEqual([]);
    expectError(await api(`${G}/${g.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: 'nope' } }), 400);

    expect((await api(`${G}/${g.id}/members/${m.userId}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expectError(await api(`${G}/${g.id}/members/${m.userId}`, { method: 'DELETE', headers: owner.auth }), 404);
    expect((await api(`${G}/${g.id}/members`, { headers: owner.auth })).body.data).toEqual([]);
  });

  it('a group change takes effect on the member’s next request', async () => {
    const owner = await newTenant();
    const m = await addMember(owner.tenantId, 'member');
    const audit = '/api/v1/secure/iam/can?permission=audit:read';
    expectError(await api('/api/v1/secure/users/', { method: 'POST', headers: m.auth, json: { email: `${unique('z-')}@example.test`, password: 'long enough' } }), 403);
    const g = (await create(owner.auth, { name: 'Admins-lite', permissions: ['users:write'] })).body.data;
    await api(`${G}/${g.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: m.userId } });
    const allowed = await api('/api/v1/secure/users/', { method: 'POST', headers: m.auth, json: { email: `${unique('z-')}@example.test`, password: 'long enough' } });
    expect(allowed.status).toBe(201);
    expect((await api(audit, { headers: m.auth })).body.allowed).toBe(false);
    await api(`${G}/${g.id}`, { method: 'PUT', headers: owner.auth, json: { permissions: ['users:write', 'audit:read'] } });
    expect((await api(audit, { headers: m.auth })).body.allowed).toBe(true);
    await api(`${G}/${g.id}/members/${m.userId}`, { method: 'DELETE', headers: owner.auth });
    expect((await api(audit, { headers: m.auth })).body.allowed).toBe(false);
    expectError(await api('/api/v1/secure/users/', { method: 'POST', headers: m.auth, json: { email: `${unique('z-')}@example.test`, password: 'long enough' } }), 403);
  });

  it('user permissions: role ∪ groups, 404 for other tenants, 403 for guests', async () => {
    const owner = await newTenant();
    const m = await addMember(owner.tenantId, 'guest');
    const g = (await create(owner.auth, { name: 'Readers', permissions: ['contacts:read'] })).body.data;
    await api(`${G}/${g.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: m.userId } });
    const res = await api(`${G}/users/${m.userId}/permissions`, { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', `${G}/users/{userId}/permissions`, res);
    expect(res.body.data).toContain('contacts:read');
    expect(res.body.data).toContain('spaces:read');
    expect(res.body.data).not.toContain('users:read');
    const other = await newTenant();
    expectError(await api(`${G}/users/${other.userId}/permissions`, { headers: owner.auth }), 404);
    expectError(await api(`${G}/users/${owner.userId}/permissions`, { headers: m.auth }), 403);
  });
});
