// Space members and what they allow (manageable, PATCH by a space manager), category and tag links,
// order-top (concurrent), promotion, visit metrics, and the approval flow of new spaces.
import { describe, expect, it } from 'vitest';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { until } from '../helpers/wait';
import { S, call, memberRows, newSpace, spaceRows } from './spaces-helpers';
import { approvalRequests } from '../../src/db/schema/access';
import { spaces } from '../../src/db/schema/spaces';
import { eq } from 'drizzle-orm';

describe('members and manageable', () => {
  it('adds managers and readers of the tenant; a manager may change the space, a reader may not', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    const other = await newSpace(owner);
    const alice = await addMember(owner.tenantId, 'member');
    const bob = await addMember(owner.tenantId, 'member');
    const add = await call(owner, 'POST', `/${s.id}/members`, { userId: alice.userId, role: 'manager' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expectReferenceShape('POST', `${S}/{id}/members`, add);
    expect(add.body.data).toMatchObject({ space_id: s.id, user_id: alice.userId, role: 'manager' });
    expect((await call(owner, 'POST', `/${s.id}/members`, { userId: bob.userId, role: 'reader' })).status).toBe(201);
    expectError(await call(owner, 'POST', `/${s.id}/members`, { userId: bob.userId, role: 'manager' }), 409);
    const list = await call(alice, 'GET', `/${s.id}/members`);
    expectReferenceShape('GET', `${S}/{id}/members`, list);
    expect(roundTrips(list).roundTrips).toBe(1);
    expect(list.body.data.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([[alice.userId, 'manager'], [bob.userId, 'reader']]);

    const asAlice = await call(alice, 'GET', '/');
    expect(asAlice.body.data.map((x: { id: string; manageable: boolean }) => [x.id, x.manageable]).sort()).toEqual([[s.id, true], [other.id, false]].sort());
    expect((await call(alice, 'GET', '/?manageable=true')).body.data.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const byManager = await call(alice, 'PATCH', `/${s.id}`, { description: 'By the manager' });
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(200);
    expectError(await call(alice, 'PATCH', `/${other.id}`, { description: 'Not hers' }), 403);
    expectError(await call(bob, 'PATCH', `/${s.id}`, { description: 'Reader' }), 403);
    // A manager adds members too; a reader does not.
    const carol = await addMember(owner.tenantId, 'guest');
    expect((await call(alice, 'POST', `/${s.id}/members`, { userId: carol.userId, role: 'reader' })).status).toBe(201);
    expectError(await call(bob, 'DELETE', `/${s.id}/members/${carol.userId}`), 403);
    expect((await call(alice, 'DELETE', `/${s.id}/members/${carol.userId}`)).status).toBe(204);
    expectError(await call(alice, 'DELETE', `/${s.id}/members/${carol.userId}`), 404);
  });

  it('refuses people outside the tenant and bad input, writing nothing; hides members from another tenant', async () => {
    const owner = await newTenant();
    const stranger = await newTenant();
    const s = await newSpace(owner);
    const foreign = await call(owner, 'POST', `/${s.id}/members`, { userId: stranger.userId, role: 'manager' });
    expectError(foreign, 422);
    expect(foreign.body.details.reason).toBe('USER_NOT_IN_TENANT');
    expectError(await call(owner, 'POST', `/${s.id}/members`, { userId: owner.userId, role: 'admin' }), 400);
    expectError(await call(owner, 'POST', `/${s.id}/members`, { userId: 'nope', role: 'reader' }), 400);
    expectError(await call(null, 'GET', `/${s.id}/members`), 401);
    expectError(await call(stranger, 'GET', `/${s.id}/members`), 404);
    expectError(await call(stranger, 'POST', `/${s.id}/members`, { userId: stranger.userId, role: 'manager' }), 404);
    expect(await memberRows(s.id)).toEqual([]);
  });
});

describe('category and tag links', () => {
  it('links, lists and unlinks categories and tags; filters the list by category (with descendants) and tag', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    const plain = await newSpace(owner);
    const cat = async (key: string, parent_id?: string) =>
      (await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: owner.auth, json: { key, name: key, ...(parent_id && { parent_id }) } })).body.data.id as string;
    const root = await cat('venues');
    const child = await cat('halls', root);
    const link = await call(owner, 'POST', `/${s.id}/categories`, { category_id: child });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expectReferenceShape('POST', `${S}/{id}/categories`, link);
    const cats = await call(owner, 'GET', `/${s.id}/categories`);
    expectReferenceShape('GET', `${S}/{id}/categories`, cats);
    expect(cats.body.data.map((c: { id: string }) => c.id)).toEqual([child]);
    expect((await call(owner, 'GET', `/?category_id=${root}`)).body.data.map((x: { id: string }) => x.id)).toEqual([s.id]);

    const tag = await call(owner, 'POST', `/${s.id}/tags`, { tag_name: '  Quiet Zone ' });
    expect(tag.status, JSON.stringify(tag.body)).toBe(200);
    expectReferenceShape('POST', `${S}/{id}/tags`, tag);
    const tags = await call(owner, 'GET', `/${s.id}/tags`);
    expectReferenceShape('GET', `${S}/{id}/tags`, tags);
    expect(tags.body.data.map((t: { name: string }) => t.name)).toEqual(['quiet zone']);
    expect((await call(owner, 'GET', '/?tag=quiet%20zone')).body.data.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const detail = await call(owner, 'GET', `/${s.id}`);
    expect(detail.body.data).toMatchObject({ categories: [{ id: child, key: 'halls', name: 'halls' }], tags: [{ id: tag.body.data.tag_id, name: 'quiet zone' }] });

    // tag_ids / category_ids on PATCH replace the links.
    const patched = await call(owner, 'PATCH', `/${plain.id}`, { category_ids: [root], tag_ids: [tag.body.data.tag_id] });
    expect(patched.body.data).toMatchObject({ categories: [{ id: root }], tags: [{ name: 'quiet zone' }] });
    expect((await call(owner, 'PATCH', `/${plain.id}`, { category_ids: [], tag_ids: [] })).body.data).toMatchObject({ categories: [], tags: [] });

    const reader = await addMember(owner.tenantId, 'member');
    expectError(await call(reader, 'POST', `/${s.id}/tags`, { tag_name: 'nope' }), 403);
    expectError(await call(owner, 'POST', `/${s.id}/categories`, { category_id: crypto.randomUUID() }), 404);
    expectError(await call(owner, 'POST', `/${s.id}/tags`, { tag_name: '' }), 400);
    const other = await newTenant();
    expectError(await call(other, 'GET', `/${s.id}/categories`), 404);
    expectError(await call(other, 'GET', `/${s.id}/tags`), 404);
    expectError(await call(other, 'DELETE', `/${s.id}/tags/${tag.body.data.tag_id}`), 404);
    expectError(await call(other, 'DELETE', `/${s.id}/categories/${child}`), 404);

    expect((await call(owner, 'DELETE', `/${s.id}/categories/${child}`)).status).toBe(204);
    expect((await call(owner, 'DELETE', `/${s.id}/tags/${tag.body.data.tag_id}`)).status).toBe(204);
    expect((await call(owner, 'GET', `/${s.id}`)).body.data).toMatchObject({ categories: [], tags: [] });
  });
});

describe('order, promotion, visits', () => {
  it('order-top gives distinct max+1 values under concurrency', async () => {
    const owner = await newTenant();
    const list = await Promise.all([1, 2, 3, 4].map(() => newSpace(owner)));
    const res = await Promise.all(list.map((s) => call(owner, 'POST', `/${s.id}/order-top`)));
    for (const r of res) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expectReferenceShape('POST', `${S}/{id}/order-top`, res[0]!);
    expect(res.map((r) => r.body.data.customOrder).sort()).toEqual([2, 3, 4, 5]);
    const top = res.find((r) => r.body.data.customOrder === 5)!.body.data.id;
    expect((await call(owner, 'GET', '/')).body.data[0].id).toBe(top);
  });

  it('sets and clears a promotion, refusing a window that ends before it starts', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    const set = await call(owner, 'PATCH', `/${s.id}/promotion`, { promotionType: 'PositionFix', promotionRank: 2, promotionStartDate: '2026-01-01T00:00:00Z', promotionEndDate: '2027-01-01T00:00:00.000Z' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expectReferenceShape('PATCH', `${S}/{id}/promotion`, set);
    expect(set.body.data).toMatchObject({ promotionType: 'PositionFix', promotionRank: 2, promotionStartDate: '2026-01-01T00:00:00.000Z', promotionEndDate: '2027-01-01T00:00:00.000Z' });
    expectError(await call(owner, 'PATCH', `/${s.id}/promotion`, { promotionType: 'Effect1', promotionStartDate: '2027-01-01T00:00:00Z', promotionEndDate: '2026-01-01T00:00:00Z' }), 422);
    expectError(await call(owner, 'PATCH', `/${s.id}/promotion`, { promotionType: 'Loud' }), 400);
    const clear = await call(owner, 'PATCH', `/${s.id}/promotion`, { promotionType: 'None', promotionRank: 3 });
    expect(clear.body.data).toMatchObject({ promotionType: 'None', promotionRank: null, promotionStartDate: null, promotionEndDate: null });
  });

  it('places active position promotions at their rank, consistently across pages', async () => {
    const owner = await newTenant();
    const made: Record<string, string> = {};
    for (const n of ['A', 'B', 'C', 'D', 'E', 'F']) made[n] = (await newSpace(owner, { name: `${n} space` })).id;
    const promote = (n: string, body: Record<string, unknown>) => call(owner, 'PATCH', `/${made[n]}/promotion`, body);
    expect((await promote('E', { promotionType: 'PositionFix', promotionRank: 1 })).status).toBe(200);
    await promote('F', { promotionType: 'PositionDynamic', promotionRank: 4 });
    await promote('C', { promotionType: 'Effect1', promotionRank: 1 });
    await promote('D', { promotionType: 'PositionFix', promotionRank: 2, promotionEndDate: '2020-01-01T00:00:00Z' });
    const names = async (q = '') => (await call(owner, 'GET', `/${q}`)).body.data.map((s: { name: string }) => s.name[0]).join('');
    expect(await names()).toBe('EABFCD');
    expect((await names('?limit=2')) + (await names('?limit=2&offset=2')) + (await names('?limit=2&offset=4'))).toBe('EABFCD');
    // Two at one rank: the second takes the next place.
    await promote('A', { promotionType: 'PositionFix', promotionRank: 1 });
    expect(await names()).toBe('AEBFCD');
    expect(await names('?search=space&limit=3&offset=3')).toBe('FCD');
  });

  it('counts detail reads after the response and resets with who, when and why', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    await call(owner, 'GET', `/${s.id}`);
    await call(owner, 'GET', `/${s.id}`);
    const visits = () => withDb((db) => db.select().from(spaces).where(eq(spaces.id, s.id))).then((r) => r[0]!);
    await until(visits, (v) => v.totalVisits === 2);
    expect((await visits()).totalVisits).toBe(2);
    expect((await visits()).lastVisitedByActorId).toBe(owner.userId);
    const reset = await call(owner, 'POST', `/${s.id}/visit-metrics/reset`, { reason: 'New season' });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expectReferenceShape('POST', `${S}/{id}/visit-metrics/reset`, reset);
    expect(reset.body.data).toMatchObject({ entityId: s.id, totalVisits: 0, lastVisitedAt: null, lastResetByActorType: 'user', lastResetByActorId: owner.userId, lastResetReason: 'New season' });
    expectError(await call(owner, 'POST', `/${s.id}/visit-metrics/reset`, { reason: 'x'.repeat(501) }), 400);
    const reader = await addMember(owner.tenantId, 'member');
    expectError(await call(reader, 'POST', `/${s.id}/visit-metrics/reset`, {}), 403);
  });
});

describe('approval of new spaces', () => {
  it('keeps a new space pending until decided; approval gives the asked status, rejection retires it', async () => {
    const owner = await newTenant();
    const set = await api('/api/v1/secure/tenant/approval-settings/space', { method: 'PATCH', headers: owner.auth, json: { requires_approval: true, config: { auto_approve_roles: ['owner'] } } });
    expect(set.status).toBe(200);
    const manager = await addMember(owner.tenantId, 'manager');
    const reader = await addMember(owner.tenantId, 'member');
    expect((await newSpace(owner)).status).toBe('active');
    const a = await newSpace(manager, { name: 'Needs approval', status: 'maintenance' });
    const b = await newSpace(manager, { name: 'Will be rejected' });
    expect(a.status).toBe('pending');
    expectError(await call(reader, 'GET', `/${a.id}`), 404);
    expect((await call(reader, 'GET', '/')).body.pagination.total).toBe(1);
    expect((await call(manager, 'GET', `/${a.id}`)).body.data.status).toBe('pending');
    expectError(await call(manager, 'PATCH', `/${a.id}`, { status: 'active' }), 409);
    const rows = await spaceRows(owner.tenantId);
    const requestOf = (id: string) => rows.find((r) => r.id === id)!.approvalRequestId!;
    expect((await api(`/api/v1/secure/approvals/${requestOf(a.id)}/approve`, { method: 'POST', headers: owner.auth, json: {} })).status).toBe(200);
    expect((await api(`/api/v1/secure/approvals/${requestOf(b.id)}/reject`, { method: 'POST', headers: owner.auth, json: { rejection_reason: 'Duplicate' } })).status).toBe(200);
    expect((await call(owner, 'GET', `/${a.id}`)).body.data.status).toBe('maintenance');
    expect((await call(owner, 'GET', `/${b.id}`)).body.data.status).toBe('retired');
    expect((await call(manager, 'PATCH', `/${a.id}`, { status: 'active' })).status).toBe(200);

    // Deleted while pending: its approval request is withdrawn (no decision is left to take).
    const c = await newSpace(manager, { name: 'Deleted while pending' });
    const waiting = (await spaceRows(owner.tenantId)).find((r) => r.id === c.id)!.approvalRequestId!;
    expect((await call(owner, 'DELETE', `/${c.id}`)).status).toBe(204);
    const [withdrawn] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, waiting)));
    expect(withdrawn).toMatchObject({ status: 'cancelled' });
  });
});
