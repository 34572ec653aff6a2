// Resource members (creator admin, added managers by id or email) and what they allow, category,
// tag and contact links, order-top (concurrent), promotions across pages, visit metrics (tracked
// after the response, concurrent, feature-gated) and the approval flow of new resources.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { resources } from '../../src/db/schema/resources';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { until } from '../helpers/wait';
import { R, call, newResource, resourceMemberRows, resourceRows } from './resources-helpers';
import { newSpace } from './spaces-helpers';

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((x) => x.id);

describe('members and manageable', () => {
  it('adds people of the tenant by id or email as managers; managers (and space managers) may change the resource', async () => {
    const owner = await newTenant();
    const space = await newSpace(owner);
    const r = await newResource(owner, { spaceId: space.id });
    const other = await newResource(owner);
    const alice = await addMember(owner.tenantId, 'member');
    const bob = await addMember(owner.tenantId, 'member');
    const carol = await addMember(owner.tenantId, 'member');
    const add = await call(owner, 'POST', `/${r.id}/members`, { userIds: [alice.userId], emails: [bob.email.toUpperCase()] });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/members`, add);
    expect(add.body).toEqual({ data: null });
    const list = await call(alice, 'GET', `/${r.id}/members`);
    expectReferenceShape('GET', `${R}/{id}/members`, list);
    expect(roundTrips(list).roundTrips).toBe(1);
    expect(list.body.data.map((m: { user_id: string; role: string }) => [m.user_id, m.role]).sort()).toEqual([[owner.userId, 'admin'], [alice.userId, 'manager'], [bob.userId, 'manager']].sort());
    expect(list.body.data.find((m: { user_id: string }) => m.user_id === bob.userId).email).toBe(bob.email);

    const asAlice = await call(alice, 'GET', '/');
    expect(asAlice.body.data.map((x: { id: string; manageable: boolean }) => [x.id, x.manageable]).sort()).toEqual([[r.id, true], [other.id, false]].sort());
    expect(ids(await call(alice, 'GET', '/?manageable=true'))).toEqual([r.id]);
    expect((await call(alice, 'PATCH', `/${r.id}`, { description: 'By a manager' })).status).toBe(200);
    expectError(await call(alice, 'PATCH', `/${other.id}`, { description: 'Not hers' }), 403);
    expectError(await call(carol, 'PATCH', `/${r.id}`, { description: 'Nobody' }), 403);
    // A manager of the resource's space manages it too.
    await api(`/api/v1/secure/spaces/${space.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: carol.userId, role: 'manager' } });
    expect((await call(carol, 'GET', `/${r.id}`)).body.data.manageable).toBe(true);
    expect((await call(carol, 'PATCH', `/${r.id}`, { description: 'By the space manager' })).status).toBe(200);

    expect((await call(alice, 'DELETE', `/${r.id}/members/${bob.userId}`)).status).toBe(204);
    expectError(await call(alice, 'DELETE', `/${r.id}/members/${bob.userId}`), 404);
    expectError(await call(bob, 'POST', `/${r.id}/members`, { userIds: [bob.userId] }), 403);
  });

  it('refuses people outside the tenant and bad input, writing nothing; hides members from another tenant', async () => {
    const owner = await newTenant();
    const stranger = await newTenant();
    const r = await newResource(owner);
    const alice = await addMember(owner.tenantId, 'member');
    const foreign = await call(owner, 'POST', `/${r.id}/members`, { userIds: [alice.userId, stranger.userId] });
    expectError(foreign, 422);
    expect(foreign.body.details).toMatchObject({ reason: 'USER_NOT_IN_TENANT', fields: { userIds: [stranger.userId] } });
    expect((await call(owner, 'POST', `/${r.id}/members`, { emails: ['nobody@example.test'] })).body.details.fields).toEqual({ emails: ['nobody@example.test'] });
    expectError(await call(owner, 'POST', `/${r.id}/members`, {}), 422);
    expectError(await call(owner, 'POST', `/${r.id}/members`, { userIds: ['nope'] }), 400);
    expectError(await call(owner, 'POST', `/${r.id}/members`, { emails: ['not-an-email'] }), 400);
    expectError(await call(null, 'GET', `/${r.id}/members`), 401);
    expectError(await call(stranger, 'GET', `/${r.id}/members`), 404);
    expectError(await call(stranger, 'POST', `/${r.id}/members`, { userIds: [stranger.userId] }), 404);
    expect((await resourceMemberRows(r.id)).map((m) => m.userId)).toEqual([owner.userId]);
  });
});

describe('links', () => {
  it('links categories, tags and contacts; filters by them; deleting the resource removes the links', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const r = await newResource(owner, { currentLocation: { latitude: 1, longitude: 1 } });
    const plain = await newResource(owner);
    const cat = (await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: owner.auth, json: { key: 'tools', name: 'tools' } })).body.data.id as string;
    const link = await call(owner, 'POST', `/${r.id}/categories`, { category_id: cat });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/categories`, link);
    expectReferenceShape('GET', `${R}/{id}/categories`, await call(owner, 'GET', `/${r.id}/categories`));
    const tag = await call(owner, 'POST', `/${r.id}/tags`, { tag_name: 'Heavy' });
    expect(tag.status, JSON.stringify(tag.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/tags`, tag);
    expectReferenceShape('GET', `${R}/{id}/tags`, await call(owner, 'GET', `/${r.id}/tags`));
    const contact = (await api('/api/v1/secure/contacts/', { method: 'POST', headers: owner.auth, json: { firstName: 'Ada', email: 'ada@example.test' } })).body.data.id as string;
    const cl = await call(owner, 'POST', `/${r.id}/contacts`, { contactId: contact, isPrimary: true });
    expect(cl.status, JSON.stringify(cl.body)).toBe(201);
    expectReferenceShape('POST', `${R}/{id}/contacts`, cl);
    const contacts = await call(owner, 'GET', `/${r.id}/contacts`);
    expectReferenceShape('GET', `${R}/{id}/contacts`, contacts);
    expect(contacts.body.data.map((x: { contact_id: string }) => x.contact_id)).toEqual([contact]);
    const refs = await api(`/api/v1/secure/contacts/${contact}/references`, { headers: owner.auth });
    expect(JSON.stringify(refs.body)).toContain(r.name as string);

    expect((await call(owner, 'GET', `/${r.id}`)).body.data).toMatchObject({ categories: [{ id: cat, key: 'tools' }], tags: [{ name: 'heavy' }] });
    expect(ids(await call(owner, 'GET', `/?category_id=${cat}`))).toEqual([r.id]);
    expect(ids(await call(owner, 'GET', '/?tag=heavy'))).toEqual([r.id]);
    const near = await call(owner, 'GET', '/nearby?lat=1&lng=1');
    expect(near.body.data[0]).toMatchObject({ categories: [{ id: cat, key: 'tools', name: 'tools' }], tags: [{ name: 'heavy' }] });
    // PATCH replaces the links.
    expect((await call(owner, 'PATCH', `/${plain.id}`, { categoryIds: [cat], tagIds: [tag.body.data.tag_id] })).body.data).toMatchObject({ categories: [{ id: cat }], tags: [{ name: 'heavy' }] });
    expectError(await call(owner, 'PATCH', `/${plain.id}`, { tagIds: [crypto.randomUUID()] }), 404);
    // Another tenant sees and changes nothing.
    expectError(await call(other, 'GET', `/${r.id}/categories`), 404);
    expectError(await call(other, 'GET', `/${r.id}/contacts`), 404);
    expectError(await call(other, 'DELETE', `/${r.id}/tags/${tag.body.data.tag_id}`), 404);
    expectError(await call(owner, 'POST', `/${r.id}/categories`, { category_id: crypto.randomUUID() }), 404);

    expect((await call(owner, 'DELETE', `/${r.id}/contacts/${contact}`)).status).toBe(204);
    await call(owner, 'POST', `/${r.id}/contacts`, { contactId: contact });
    expect((await call(owner, 'DELETE', `/${r.id}`)).status).toBe(204);
    const after = await api(`/api/v1/secure/contacts/${contact}/references`, { headers: owner.auth });
    expect(JSON.stringify(after.body)).not.toContain(r.id);
    expect(ids(await call(owner, 'GET', `/?category_id=${cat}`))).toEqual([plain.id]);
  });
});

describe('order, promotion, visits', () => {
  it('gives concurrent order-tops distinct values', async () => {
    const owner = await newTenant();
    const rs = await Promise.all([1, 2, 3, 4].map((i) => newResource(owner, { name: `R${i}` })));
    const tops = await Promise.all(rs.map((r) => call(owner, 'POST', `/${r.id}/order-top`)));
    for (const t of tops) expect(t.status, JSON.stringify(t.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/order-top`, tops[0]!);
    expect(tops.map((t) => t.body.data.customOrder).sort()).toEqual([2, 3, 4, 5]);
    const reader = await addMember(owner.tenantId, 'member');
    expectError(await call(reader, 'POST', `/${rs[0]!.id}/order-top`), 403);
  });

  it('places active position promotions at their rank on every page', async () => {
    const owner = await newTenant();
    const space = await newSpace(owner);
    const rs = [];
    for (const n of ['A', 'B', 'C', 'D', 'E']) rs.push(await newResource(owner, { name: n, spaceId: space.id }));
    await newResource(owner, { name: 'Z' });
    const set = await call(owner, 'PATCH', `/${rs[4]!.id}/promotion`, { promotionType: 'PositionFix', promotionRank: 2 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expectReferenceShape('PATCH', `${R}/{id}/promotion`, set);
    // Expired promotions and Effect modes do not move.
    await call(owner, 'PATCH', `/${rs[3]!.id}/promotion`, { promotionType: 'PositionDynamic', promotionRank: 1, promotionEndDate: '2020-01-01T00:00:00Z' });
    await call(owner, 'PATCH', `/${rs[2]!.id}/promotion`, { promotionType: 'Effect1', promotionRank: 1 });
    const names = async (q: string) => (await call(owner, 'GET', `/?${q}`)).body.data.map((x: { name: string }) => x.name);
    expect(await names('limit=10')).toEqual(['A', 'E', 'B', 'C', 'D', 'Z']);
    expect([...(await names('limit=2')), ...(await names('limit=2&offset=2')), ...(await names('limit=2&offset=4'))]).toEqual(['A', 'E', 'B', 'C', 'D', 'Z']);
    // A narrow filter (here a space) reads its matches once and places them the same way.
    const inSpace = `space_id=${space.id}`;
    expect([...(await names(`${inSpace}&limit=2`)), ...(await names(`${inSpace}&limit=2&offset=2`)), ...(await names(`${inSpace}&limit=2&offset=4`))]).toEqual(['A', 'E', 'B', 'C', 'D']);
    expect((await call(owner, 'GET', `/?${inSpace}&limit=1`)).body.pagination).toMatchObject({ total: 5, hasMore: true });
    expectError(await call(owner, 'PATCH', `/${rs[0]!.id}/promotion`, { promotionType: 'Effect1', promotionStartDate: '2027-01-01T00:00:00Z', promotionEndDate: '2026-01-01T00:00:00Z' }), 422);
    const cleared = await call(owner, 'PATCH', `/${rs[4]!.id}/promotion`, { promotionType: 'None', promotionRank: 3 });
    expect(cleared.body.data).toMatchObject({ promotionType: 'None', promotionRank: null });
  });

  it('tracks visits after the response, concurrently and by actor; resets with who, when and why; off with the feature', async () => {
    const owner = await newTenant();
    const r = await newResource(owner);
    const reader = await addMember(owner.tenantId, 'member');
    const visits = () => withDb((db) => db.select().from(resources).where(eq(resources.id, r.id))).then((x) => x[0]!);
    const tracked = await Promise.all([owner, owner, owner, reader, reader].map((who) => call(who, 'POST', `/${r.id}/visit-metrics/track`)));
    for (const t of tracked) expect(t.status, JSON.stringify(t.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/visit-metrics/track`, tracked[0]!);
    expect(tracked[0]!.body.data).toMatchObject({ entityId: r.id, lastVisitedByActorType: 'user' });
    await until(visits, (v) => v.totalVisits === 5);
    expect([owner.userId, reader.userId]).toContain((await visits()).lastVisitedByActorId);
    expect((await call(owner, 'GET', `/${r.id}`)).body.data.totalVisits).toBe(5);

    expectError(await call(reader, 'POST', `/${r.id}/visit-metrics/reset`, {}), 403);
    const reset = await call(owner, 'POST', `/${r.id}/visit-metrics/reset`, { reason: 'New season' });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/visit-metrics/reset`, reset);
    expect(reset.body.data).toMatchObject({ entityId: r.id, totalVisits: 0, lastVisitedAt: null, lastResetByActorType: 'user', lastResetByActorId: owner.userId, lastResetReason: 'New season' });
    expectError(await call(owner, 'POST', `/${r.id}/visit-metrics/reset`, { reason: 'x'.repeat(501) }), 400);
    expectError(await call(null, 'POST', `/${r.id}/visit-metrics/track`), 401);

    const off = await api('/api/v1/secure/features/visit_metrics', { method: 'PATCH', headers: owner.auth, json: { enabled: false, changed_reason: 'not used' } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const denied = await call(owner, 'POST', `/${r.id}/visit-metrics/track`);
    expectError(denied, 403);
    expect(denied.body.details.reason).toBe('FEATURE_DISABLED');
    expectError(await call(owner, 'POST', `/${r.id}/visit-metrics/reset`, {}), 403);
    const space = await newSpace(owner);
    expectError(await api(`/api/v1/secure/spaces/${space.id}/visit-metrics/reset`, { method: 'POST', headers: owner.auth, json: {} }), 403);
    expect((await call(owner, 'GET', `/${r.id}`)).status).toBe(200);
    expect((await visits()).totalVisits).toBe(0);
  });
});

describe('approval of new resources', () => {
  it('keeps a new resource pending until decided; approval gives the asked status, rejection retires it', async () => {
    const owner = await newTenant();
    const set = await api('/api/v1/secure/tenant/approval-settings/resource', { method: 'PATCH', headers: owner.auth, json: { requires_approval: true, config: { auto_approve_roles: ['owner'] } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const manager = await addMember(owner.tenantId, 'manager');
    const reader = await addMember(owner.tenantId, 'member');
    expect((await newResource(owner)).status).toBe('active');
    const a = await newResource(manager, { name: 'Needs approval', status: 'maintenance' });
    const b = await newResource(manager, { name: 'Will be rejected' });
    expect(a.status).toBe('pending');
    expectError(await call(reader, 'GET', `/${a.id}`), 404);
    expect((await call(reader, 'GET', '/')).body.pagination.total).toBe(1);
    // The creator sees its pending resources, in the list's total too.
    expect((await call(manager, 'GET', '/')).body.pagination.total).toBe(3);
    expect((await call(manager, 'GET', '/?status=pending')).body.pagination.total).toBe(2);
    expect((await call(reader, 'GET', '/?status=pending')).body.pagination.total).toBe(0);
    expect((await call(manager, 'GET', `/${a.id}`)).body.data.status).toBe('pending');
    expectError(await call(manager, 'PATCH', `/${a.id}`, { status: 'active' }), 409);
    const rows = await resourceRows(owner.tenantId);
    const requestOf = (id: string) => rows.find((x) => x.id === id)!.approvalRequestId!;
    expect((await api(`/api/v1/secure/approvals/${requestOf(a.id)}/approve`, { method: 'POST', headers: owner.auth, json: {} })).status).toBe(200);
    expect((await api(`/api/v1/secure/approvals/${requestOf(b.id)}/reject`, { method: 'POST', headers: owner.auth, json: { rejection_reason: 'Duplicate' } })).status).toBe(200);
    expect((await call(owner, 'GET', `/${a.id}`)).body.data.status).toBe('maintenance');
    expect((await call(owner, 'GET', `/${b.id}`)).body.data.status).toBe('retired');
  });
});
