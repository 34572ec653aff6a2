// Resource moves: each mode (immediate, target_space, resource through the approvals hook), who
// decides (approve/reject/cancel by the right and wrong person), one decision wherever taken,
// expiry (cron job and read-time), 409s, bad input, other tenants' ids (path and targetSpaceId),
// detach cancelling open moves, the list's visibility and round trips.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalRequests } from '../../src/db/schema/access';
import { resourceMoveRequests } from '../../src/db/schema/resource-moves';
import { resourceMembers, resources } from '../../src/db/schema/resources';
import { expireMoves } from '../../src/modules/directory/resource-moves/resource-moves.service';
import { expireApprovals } from '../../src/modules/access/approvals/approvals.service';
import { addMember, withDb, withJob } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { newSpace } from './spaces-helpers';

const R = '/api/v1/secure/resources';
const call = (who: SignedIn | null, method: string, path: string, json?: unknown) => api(`${R}${path}`, { method, headers: who ? who.auth : {}, ...(json !== undefined && { json }) });
const addResource = (tenantId: string, spaceId: string | null, extra: Partial<typeof resources.$inferInsert> = {}) =>
  withDb(async (db) => (await db.insert(resources).values({ tenantId, spaceId, name: `Thing ${crypto.randomUUID().slice(0, 6)}`, ...extra }).returning())[0]!);
const resourceRow = (id: string) => withDb(async (db) => (await db.select().from(resources).where(eq(resources.id, id)))[0]!);
const moveRows = (tenantId: string) => withDb((db) => db.select().from(resourceMoveRequests).where(eq(resourceMoveRequests.tenantId, tenantId)));
const makeManager = (tenantId: string, resourceId: string, userId: string) => withDb((db) => db.insert(resourceMembers).values({ tenantId, resourceId, userId, role: 'manager' }));
const spaceManager = (owner: SignedIn, spaceId: string, userId: string) => api(`/api/v1/secure/spaces/${spaceId}/members`, { method: 'POST', headers: owner.auth, json: { userId, role: 'manager' } });
const requireResourceApproval = (owner: SignedIn, days = 30) =>
  api('/api/v1/secure/tenant/approval-settings/resource', { method: 'PATCH', headers: owner.auth, json: { requires_approval: true, config: { auto_approve_roles: ['owner'], max_pending_days: days } } });

async function setting() {
  const owner = await newTenant();
  const [from, to] = [await newSpace(owner, { name: 'From space' }), await newSpace(owner, { name: 'To space' })];
  const res = await addResource(owner.tenantId, from.id);
  const member = await addMember(owner.tenantId, 'member');
  await makeManager(owner.tenantId, res.id, member.userId);
  return { owner, from: from.id, to: to.id, res, member };
}

describe('resource moves', () => {
  it('moves at once when the requester manages the target and no approval is required', async () => {
    const { owner, from, to, res } = await setting();
    const made = await call(owner, 'POST', `/${res.id}/move`, { targetSpaceId: to, reason: 'Reorganised' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expectReferenceShape('POST', `${R}/{id}/move`, made);
    expect(made.body.data).toMatchObject({ status: 'approved', approval_mode: 'target_space', requires_resource_approval: false, source_space_id: from, target_space_id: to, approved_by: owner.userId, reason: 'Reorganised', source_space_name: 'From space', target_space_name: 'To space', requested_by_email: owner.email });
    expect(made.body.data.completed_at).not.toBeNull();
    expect((await resourceRow(res.id)).spaceId).toBe(to);
  });

  it('waits for the target space’s managers: wrong people 403, reject needs a reason, approve moves, decided is 409', async () => {
    const { owner, from, to, res, member } = await setting();
    const made = await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data).toMatchObject({ status: 'pending', approval_mode: 'target_space', requires_resource_approval: false, approved_by: null });
    const id = made.body.data.id as string;
    expect((await resourceRow(res.id)).spaceId).toBe(from);
    // One open request per resource.
    expectError(await call(owner, 'POST', `/${res.id}/move`, { targetSpaceId: to }), 409);
    // The requester does not manage the target: cannot decide.
    expectError(await call(member, 'POST', `/resource-requests/${id}/approve`), 403);
    const targetManager = await addMember(owner.tenantId, 'member');
    await spaceManager(owner, to, targetManager.userId);
    expectError(await call(targetManager, 'POST', `/resource-requests/${id}/reject`, {}), 400, 'VALIDATION_ERROR');
    expectError(await call(targetManager, 'POST', `/resource-requests/${id}/reject`, { rejectionReason: '' }), 400, 'VALIDATION_ERROR');
    // Only the requester cancels.
    expectError(await call(targetManager, 'DELETE', `/resource-requests/${id}`), 403);
    const approved = await call(targetManager, 'POST', `/resource-requests/${id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expectReferenceShape('POST', `${R}/resource-requests/{id}/approve`, approved);
    expect(approved.body.data).toMatchObject({ status: 'approved', approved_by: targetManager.userId });
    expect((await resourceRow(res.id)).spaceId).toBe(to);
    expectError(await call(targetManager, 'POST', `/resource-requests/${id}/approve`), 409);
    expectError(await call(targetManager, 'POST', `/resource-requests/${id}/reject`, { rejectionReason: 'late' }), 409);
    expectError(await call(member, 'DELETE', `/resource-requests/${id}`), 409);

    // Rejected: the resource stays; cancelled by the requester.
    const again = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: from })).body.data.id as string;
    const rejected = await call(owner, 'POST', `/resource-requests/${again}/reject`, { rejectionReason: 'Not now' });
    expect(rejected.body.data).toMatchObject({ status: 'rejected', rejection_reason: 'Not now' });
    expect((await resourceRow(res.id)).spaceId).toBe(to);
    const third = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: from })).body.data.id as string;
    expect((await call(member, 'DELETE', `/resource-requests/${third}`)).status).toBe(204);
    expect((await moveRows(owner.tenantId)).map((m) => m.status).sort()).toEqual(['approved', 'cancelled', 'rejected']);
  });

  it('waits for the resource approvers when the approval settings require it: one decision wherever taken', async () => {
    const { owner, from, to, res, member } = await setting();
    expect((await requireResourceApproval(owner)).status).toBe(200);
    // Even a requester managing the target waits when approval is required for their role.
    await spaceManager(owner, to, member.userId);
    const made = await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to });
    expect(made.body.data).toMatchObject({ status: 'pending', approval_mode: 'resource', requires_resource_approval: true });
    const [row] = await moveRows(owner.tenantId);
    expect(row!.approvalRequestId).toBeTruthy();
    // A target manager without approvals:write cannot decide a resource-mode move.
    expectError(await call(member, 'POST', `/resource-requests/${row!.id}/approve`), 403);
    // Decided through /approvals: the move follows.
    expect((await api(`/api/v1/secure/approvals/${row!.approvalRequestId}/approve`, { method: 'POST', headers: owner.auth, json: {} })).status).toBe(200);
    const [after] = await moveRows(owner.tenantId);
    expect(after).toMatchObject({ status: 'approved', approvedBy: owner.userId });
    expect((await resourceRow(res.id)).spaceId).toBe(to);

    // Decided here (reject): the approval request follows.
    const back = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: from })).body.data;
    const rejected = await call(owner, 'POST', `/resource-requests/${back.id}/reject`, { rejectionReason: 'Stay' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.data).toMatchObject({ status: 'rejected', rejection_reason: 'Stay' });
    const approvals = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.tenantId, owner.tenantId)));
    expect(approvals.map((a) => a.status).sort()).toEqual(['approved', 'rejected']);
    // Cancelled by the requester: the approval request is cancelled too.
    const third = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: from })).body.data;
    expect((await call(member, 'DELETE', `/resource-requests/${third.id}`)).status).toBe(204);
    const open = await withDb((db) => db.select().from(approvalRequests).where(and(eq(approvalRequests.tenantId, owner.tenantId), eq(approvalRequests.status, 'pending'))));
    expect(open).toEqual([]);
    expect((await resourceRow(res.id)).spaceId).toBe(to);

    // Deleted while its move waits: the move goes with it and its approval request is withdrawn.
    const last = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: from })).body.data;
    const waiting = (await moveRows(owner.tenantId)).find((m) => m.id === last.id)!.approvalRequestId!;
    expect((await call(owner, 'DELETE', `/${res.id}`)).status).toBe(204);
    const [withdrawn] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, waiting)));
    expect(withdrawn).toMatchObject({ status: 'cancelled' });
    expect((await moveRows(owner.tenantId)).find((m) => m.id === last.id)).toBeUndefined();
  });

  it('expires pending requests after max_pending_days (read-time, then by the jobs), in both modes', async () => {
    const { owner, to, res, member } = await setting();
    const waiting = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to })).body.data.id as string;
    await withDb((db) => db.update(resourceMoveRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(resourceMoveRequests.id, waiting)));
    expect((await call(owner, 'GET', '/resource-requests')).body.data[0]).toMatchObject({ id: waiting, status: 'expired' });
    expectError(await call(owner, 'POST', `/resource-requests/${waiting}/approve`), 409);
    expect(await withJob((ctx) => expireMoves(ctx))).toBeGreaterThanOrEqual(1);
    expect((await moveRows(owner.tenantId))[0]).toMatchObject({ status: 'expired' });

    await requireResourceApproval(owner);
    const viaApproval = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to })).body.data.id as string;
    const row = (await moveRows(owner.tenantId)).find((m) => m.id === viaApproval)!;
    await withDb((db) => db.update(approvalRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(approvalRequests.id, row.approvalRequestId!)));
    await withJob((ctx) => expireApprovals(ctx));
    expect((await moveRows(owner.tenantId)).find((m) => m.id === viaApproval)).toMatchObject({ status: 'expired' });
    expect((await resourceRow(res.id)).spaceId).not.toBe(to);
  });

  it('refuses a resource in no space, the same space, bad bodies and callers who may not change the resource', async () => {
    const { owner, from, to, res } = await setting();
    const loose = await addResource(owner.tenantId, null);
    expectError(await call(owner, 'POST', `/${loose.id}/move`, { targetSpaceId: to }), 422);
    expectError(await call(owner, 'POST', `/${res.id}/move`, { targetSpaceId: from }), 422);
    expectError(await call(owner, 'POST', `/${res.id}/move`, { targetSpaceId: 'nope' }), 400, 'VALIDATION_ERROR');
    expectError(await call(owner, 'POST', `/${res.id}/move`, { targetSpaceId: to, reason: 'x'.repeat(2001) }), 400, 'VALIDATION_ERROR');
    expectError(await call(owner, 'POST', `/${res.id}/move`, { targetSpaceId: crypto.randomUUID() }), 404);
    const outsider = await addMember(owner.tenantId, 'member');
    expectError(await call(outsider, 'POST', `/${res.id}/move`, { targetSpaceId: to }), 403);
    expectError(await call(null, 'POST', `/${res.id}/move`, { targetSpaceId: to }), 401);
    expectError(await call(null, 'GET', '/resource-requests'), 401);
    expectError(await call(owner, 'POST', `/resource-requests/${crypto.randomUUID()}/approve`), 404);
    const pending = await addResource(owner.tenantId, from, { status: 'pending' });
    expectError(await call(owner, 'POST', `/${pending.id}/move`, { targetSpaceId: to }), 409);
    expect(await moveRows(owner.tenantId)).toEqual([]);
  });

  it('answers 404 for another tenant’s resource, target space and request, with nothing written', async () => {
    const a = await setting();
    const b = await setting();
    expectError(await call(a.owner, 'POST', `/${a.res.id}/move`, { targetSpaceId: b.to }), 404);
    expectError(await call(a.owner, 'POST', `/${b.res.id}/move`, { targetSpaceId: a.to }), 404);
    const theirs = (await call(b.member, 'POST', `/${b.res.id}/move`, { targetSpaceId: b.to })).body.data.id as string;
    expectError(await call(a.owner, 'POST', `/resource-requests/${theirs}/approve`), 404);
    expectError(await call(a.owner, 'POST', `/resource-requests/${theirs}/reject`, { rejectionReason: 'no' }), 404);
    expectError(await call(a.owner, 'DELETE', `/resource-requests/${theirs}`), 404);
    expect((await call(a.owner, 'GET', '/resource-requests')).body.data).toEqual([]);
    expect(await moveRows(a.owner.tenantId)).toEqual([]);
    expect((await moveRows(b.owner.tenantId)).map((m) => m.status)).toEqual(['pending']);
    expect((await resourceRow(b.res.id)).spaceId).toBe(b.from);
  });

  it('lists what the caller may see, filtered, in one round trip', async () => {
    const { owner, to, res, member } = await setting();
    const id = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to })).body.data.id as string;
    const mine = await call(member, 'GET', '/resource-requests');
    expect(mine.status).toBe(200);
    expectReferenceShape('GET', `${R}/resource-requests`, mine);
    expect(roundTrips(mine).roundTrips).toBe(1);
    expect(mine.body.data.map((m: { id: string }) => m.id)).toEqual([id]);
    expect((await call(owner, 'GET', `/resource-requests?status=pending&resourceId=${res.id}`)).body.data).toHaveLength(1);
    expect((await call(owner, 'GET', '/resource-requests?status=approved')).body.data).toEqual([]);
    const stranger = await addMember(owner.tenantId, 'member');
    expect((await call(stranger, 'GET', '/resource-requests')).body.data).toEqual([]);
    const targetManager = await addMember(owner.tenantId, 'member');
    await spaceManager(owner, to, targetManager.userId);
    expect((await call(targetManager, 'GET', '/resource-requests')).body.data.map((m: { id: string }) => m.id)).toEqual([id]);
    expectError(await call(owner, 'GET', '/resource-requests?status=bogus'), 400, 'VALIDATION_ERROR');
  });

  it('detach takes the resource out of its space and cancels its open move (and approval request)', async () => {
    const { owner, to, res, member } = await setting();
    const open = (await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to })).body.data.id as string;
    expectError(await call(await addMember(owner.tenantId, 'member'), 'POST', `/${res.id}/detach`), 403);
    const detached = await call(member, 'POST', `/${res.id}/detach`);
    expect(detached.status, JSON.stringify(detached.body)).toBe(200);
    expectReferenceShape('POST', `${R}/{id}/detach`, detached);
    expect(detached.body.data).toMatchObject({ id: res.id, space_id: null });
    expect((await resourceRow(res.id)).spaceId).toBeNull();
    expect((await moveRows(owner.tenantId)).find((m) => m.id === open)).toMatchObject({ status: 'cancelled' });
    // Detached: nothing to move from (422); detaching again answers as is.
    expectError(await call(member, 'POST', `/${res.id}/move`, { targetSpaceId: to }), 422);
    expect((await call(member, 'POST', `/${res.id}/detach`)).status).toBe(200);

    // A resource-mode move: its approval request is withdrawn with it.
    await requireResourceApproval(owner);
    const other = await addResource(owner.tenantId, to);
    await makeManager(owner.tenantId, other.id, member.userId);
    const from = (await newSpace(owner)).id;
    await withDb((db) => db.update(resources).set({ spaceId: from }).where(eq(resources.id, other.id)));
    expect((await call(member, 'POST', `/${other.id}/move`, { targetSpaceId: to })).body.data.approval_mode).toBe('resource');
    expect((await call(member, 'POST', `/${other.id}/detach`)).status).toBe(200);
    const pending = await withDb((db) => db.select().from(approvalRequests).where(and(eq(approvalRequests.tenantId, owner.tenantId), eq(approvalRequests.status, 'pending'))));
    expect(pending).toEqual([]);
    // Another tenant's resource: 404, nothing changed.
    const b = await setting();
    expectError(await call(owner, 'POST', `/${b.res.id}/detach`), 404);
    expect((await resourceRow(b.res.id)).spaceId).toBe(b.from);
    expectError(await call(null, 'POST', `/${b.res.id}/detach`), 401);
  });
});
