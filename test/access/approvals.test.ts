import { createScheduledController, env } from 'cloudflare:test';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvalRequests, approvalSettings, type ApprovalEntityType } from '../../src/db/schema/access';
import type { Role } from '../../src/db/schema/accounts';
import type { Env } from '../../src/env';
import { scheduled } from '../../src/jobs';
import { expireApprovals, onApprovalDecision, requestApprovalIfNeeded, type ApprovalDecision } from '../../src/modules/access/approvals/approvals.service';
import { addMember, lastMessage, withDb, withJob } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const LIST = '/api/v1/secure/approvals';
const ONE = '/api/v1/secure/approvals/{id}';
const MINE = '/api/v1/secure/me/approvals';
const SETTINGS = '/api/v1/secure/tenant/approval-settings';
const one = (id: string) => `${LIST}/${id}`;

const decisions: ApprovalDecision[] = [];
onApprovalDecision('space', async (_db, d) => void decisions.push(d));
onApprovalDecision('calendar_entry', async (_db, d) => void decisions.push(d));

async function requireApproval(owner: SignedIn, entityType: ApprovalEntityType, config: Record<string, unknown> = {}) {
  const res = await api(`${SETTINGS}/${entityType}`, { method: 'PATCH', headers: owner.auth, json: { requires_approval: true, ...(Object.keys(config).length ? { config } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

/** What the spaces area does when a user creates a space. */
const hook = (tenantId: string, user: SignedIn, role: Role, entityType: ApprovalEntityType = 'space', entityId: string = crypto.randomUUID()) =>
  withJob((ctx) => requestApprovalIfNeeded(ctx, { tenantId, entityType, entityId, entityName: `Entity ${entityId.slice(0, 4)}`, requestedBy: user.userId, role, reason: 'Needed for the team' }));

async function pendingRequest(owner: SignedIn, member: SignedIn, entityType: ApprovalEntityType = 'space') {
  const out = await hook(owner.tenantId, member, 'member', entityType);
  expect(out.state).toBe('pending');
  return out.requestId!;
}

describe('approvals: settings', () => {
  it('lists defaults for every entity type and updates one, merging config', async () => {
    const owner = await newTenant();
    const res = await api(SETTINGS, { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', SETTINGS, res);
    const defaults = { requires_approval: false, config: { auto_approve_roles: ['owner', 'admin'], max_pending_days: 30, notify_admins: true, notify_creator_on_decision: true } };
    expect(res.body.data).toEqual(['space', 'resource', 'calendar_entry'].map((entity_type) => ({ entity_type, ...defaults })));

    const patch = await api(`${SETTINGS}/resource`, { method: 'PATCH', headers: owner.auth, json: { config: { max_pending_days: 7, auto_approve_roles: ['owner', 'manager'] } } });
    expect(patch.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/tenant/approval-settings/{entityType}', patch);
    expect(patch.body.data).toEqual({ entity_type: 'resource', requires_approval: false, config: { auto_approve_roles: ['owner', 'manager'], max_pending_days: 7, notify_admins: true, notify_creator_on_decision: true } });
    const again = await api(`${SETTINGS}/resource`, { method: 'PATCH', headers: owner.auth, json: { requires_approval: true } });
    expect(again.body.data.config.max_pending_days).toBe(7);
    expect(again.body.data.requires_approval).toBe(true);
    const list = await api(SETTINGS, { headers: owner.auth });
    expect(list.body.data[1]).toEqual(again.body.data);
  });

  it('rejects invalid settings with 400 and writes nothing', async () => {
    const owner = await newTenant();
    for (const json of [{}, { config: {} }, { config: { max_pending_days: 0 } }, { config: { max_pending_days: 366 } }, { config: { max_pending_days: 1.5 } }, { config: { auto_approve_roles: ['wizard'] } }, { requires_approval: 'yes' }]) {
      expectError(await api(`${SETTINGS}/space`, { method: 'PATCH', headers: owner.auth, json }), 400, 'VALIDATION_ERROR');
    }
    expectError(await api(`${SETTINGS}/planet`, { method: 'PATCH', headers: owner.auth, json: { requires_approval: true } }), 400);
    const rows = await withDb((db) => db.select().from(approvalSettings).where(eq(approvalSettings.tenantId, owner.tenantId)));
    expect(rows).toEqual([]);
  });

  it('answers 401 without credentials and 403 to callers who may not change settings', async () => {
    const owner = await newTenant();
    expectError(await api(SETTINGS), 401);
    expectError(await api(`${SETTINGS}/space`, { method: 'PATCH', json: { requires_approval: true } }), 401);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(SETTINGS, { headers: guest.auth }), 403);
    const member = await addMember(owner.tenantId, 'member');
    expect((await api(SETTINGS, { headers: member.auth })).status).toBe(200);
    expectError(await api(`${SETTINGS}/space`, { method: 'PATCH', headers: member.auth, json: { requires_approval: true } }), 403);
    // Managers may decide requests (approvals:write) but settings are admin only.
    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await api(`${SETTINGS}/space`, { method: 'PATCH', headers: manager.auth, json: { requires_approval: true } }), 403);
    const rows = await withDb((db) => db.select().from(approvalSettings).where(eq(approvalSettings.tenantId, owner.tenantId)));
    expect(rows).toEqual([]);
  });
});

describe('approvals: the hook for entity-creating areas', () => {
  it('approves at once when not required or the role auto-approves; otherwise creates one pending request per entity', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    expect(await hook(owner.tenantId, member, 'member')).toEqual({ state: 'approved' });
    await requireApproval(owner, 'space');
    expect(await hook(owner.tenantId, owner, 'owner')).toEqual({ state: 'approved' });
    expect((await hook(owner.tenantId, member, 'admin')).state).toBe('approved');
    expect((await hook(owner.tenantId, member, 'member', 'resource')).state).toBe('approved');
    const entityId = crypto.randomUUID();
    const first = await hook(owner.tenantId, member, 'member', 'space', entityId);
    expect(first.state).toBe('pending');
    const second = await hook(owner.tenantId, member, 'member', 'space', entityId);
    expect(second).toEqual(first);
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, first.requestId!)));
    expect(row).toMatchObject({ status: 'pending', entityType: 'space', entityId, createdBy: member.userId, reason: 'Needed for the team' });
    const days = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    // notify_admins: the owner is told.
    const msg = await lastMessage(owner.email, 'approval_requested');
    expect(msg!.body).toContain(first.requestId!);
  });

  it('honours auto_approve_roles and max_pending_days', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'calendar_entry', { auto_approve_roles: ['member'], max_pending_days: 3 });
    expect((await hook(owner.tenantId, member, 'member', 'calendar_entry')).state).toBe('approved');
    const pending = await hook(owner.tenantId, owner, 'owner', 'calendar_entry');
    expect(pending.state).toBe('pending');
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, pending.requestId!)));
    expect(Math.round((row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000)).toBe(3);
  });
});

describe('approvals: requests', () => {
  it('runs the lifecycle: list, read, approve (area told, creator notified), no second decision', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'space');
    const id = await pendingRequest(owner, member);

    const list = await api(LIST, { headers: owner.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', LIST, list);
    expect(list.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(list.body.data[0]).toMatchObject({ id, status: 'pending', entity_type: 'space', created_by: member.userId, creator: { id: member.userId, email: member.email }, reason: 'Needed for the team' });
    expect(list.body.data[0].decider).toBeUndefined();

    const got = await api(one(id), { headers: member.auth });
    expect(got.status).toBe(200);
    expectReferenceShape('GET', ONE, got);

    const res = await api(`${one(id)}/approve`, { method: 'POST', headers: owner.auth, json: { comment: 'Looks good' } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${ONE}/approve`, res);
    expect(res.body.data).toMatchObject({ id, status: 'approved', decision_by: owner.userId });
    expect(res.body.message).toBeTruthy();
    expect(decisions.find((d) => d.requestId === id)).toMatchObject({ status: 'approved', decidedBy: owner.userId, entityType: 'space', tenantId: owner.tenantId });
    expect((await lastMessage(member.email, 'approval_decided'))!.body).toContain('approved');
    const after = await api(one(id), { headers: owner.auth });
    expect(after.body.data.decider).toMatchObject({ id: owner.userId, email: owner.email });
    expectError(await api(`${one(id)}/approve`, { method: 'POST', headers: owner.auth, json: {} }), 409);
    expectError(await api(`${one(id)}/reject`, { method: 'POST', headers: owner.auth, json: { rejection_reason: 'late' } }), 409);
    expectError(await api(one(id), { method: 'DELETE', headers: member.auth }), 409);
  });

  it('rejects with a reason; invalid bodies answer 400 and change nothing', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'space');
    const id = await pendingRequest(owner, member);
    for (const json of [{}, { rejection_reason: '' }, { rejection_reason: 'x'.repeat(501) }]) {
      expectError(await api(`${one(id)}/reject`, { method: 'POST', headers: owner.auth, json }), 400);
    }
    expectError(await api(`${one(id)}/approve`, { method: 'POST', headers: owner.auth, json: { comment: 'x'.repeat(501) } }), 400);
    expectError(await api(one(id), { method: 'DELETE', headers: member.auth, json: { reason: 'x'.repeat(501) } }), 400);
    expectError(await api(`${one('nope')}/approve`, { method: 'POST', headers: owner.auth, json: {} }), 400);
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, id)));
    expect(row!.status).toBe('pending');
    const res = await api(`${one(id)}/reject`, { method: 'POST', headers: owner.auth, json: { rejection_reason: 'Duplicate space' } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${ONE}/reject`, res);
    expect(res.body.data).toMatchObject({ status: 'rejected', rejection_reason: 'Duplicate space' });
    expect(decisions.find((d) => d.requestId === id)).toMatchObject({ status: 'rejected', rejectionReason: 'Duplicate space' });
  });

  it('lets only the requester cancel; shows each member only their own requests', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const other = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'space');
    const id = await pendingRequest(owner, member);
    const otherId = await pendingRequest(owner, other);

    expect((await api(LIST, { headers: member.auth })).body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    expectError(await api(one(otherId), { headers: member.auth }), 404);
    expectError(await api(one(otherId), { method: 'DELETE', headers: member.auth }), 404);
    expectError(await api(one(id), { method: 'DELETE', headers: owner.auth }), 403);

    const mine = await api(MINE, { headers: member.auth });
    expect(mine.status).toBe(200);
    expectReferenceShape('GET', MINE, mine);
    expect(mine.body).toMatchObject({ total: 1, data: [{ id, status: 'pending' }] });

    const del = await api(one(id), { method: 'DELETE', headers: member.auth, json: { reason: 'Not needed any more' } });
    expect(del.status).toBe(204);
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, id)));
    expect(row).toMatchObject({ status: 'cancelled', decisionBy: member.userId, decisionComment: 'Not needed any more' });
    expect(decisions.find((d) => d.requestId === id)?.status).toBe('cancelled');
    expect((await api(`${MINE}?status=cancelled`, { headers: member.auth })).body.total).toBe(1);
    expect((await api(`${MINE}?status=pending`, { headers: member.auth })).body.total).toBe(0);
    expect((await api(`${LIST}?status=pending`, { headers: owner.auth })).body.data.map((r: { id: string }) => r.id)).toEqual([otherId]);
  });

  it('refuses deciding one\'s own request unless owner or admin; 403 without approvals:write', async () => {
    const owner = await newTenant();
    const manager = await addMember(owner.tenantId, 'manager');
    const member = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'space', { auto_approve_roles: [] });
    const managers = (await hook(owner.tenantId, manager, 'manager')).requestId!;
    expectError(await api(`${one(managers)}/approve`, { method: 'POST', headers: manager.auth, json: {} }), 403);
    const members = await pendingRequest(owner, member);
    expectError(await api(`${one(members)}/approve`, { method: 'POST', headers: member.auth, json: {} }), 403);
    expectError(await api(`${one(members)}/reject`, { method: 'POST', headers: member.auth, json: { rejection_reason: 'no' } }), 403);
    expect((await api(`${one(members)}/approve`, { method: 'POST', headers: manager.auth, json: {} })).status).toBe(200);
    const owners = (await hook(owner.tenantId, owner, 'owner')).requestId!;
    expect((await api(`${one(owners)}/approve`, { method: 'POST', headers: owner.auth })).status).toBe(200);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(LIST, { headers: guest.auth }), 403);
    expectError(await api(MINE, { headers: guest.auth }), 403);
  });

  it('answers 401 without credentials and 404 for another tenant\'s request', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const member = await addMember(a.tenantId, 'member');
    await requireApproval(a, 'space');
    const id = await pendingRequest(a, member);
    for (const [method, path] of [['GET', LIST], ['GET', MINE], ['GET', one(id)], ['POST', `${one(id)}/approve`], ['POST', `${one(id)}/reject`], ['DELETE', one(id)]] as const) {
      expectError(await api(path, { method }), 401);
    }
    expectError(await api(one(id), { headers: b.auth }), 404);
    expectError(await api(`${one(id)}/approve`, { method: 'POST', headers: b.auth, json: {} }), 404);
    expectError(await api(`${one(id)}/reject`, { method: 'POST', headers: b.auth, json: { rejection_reason: 'x' } }), 404);
    expectError(await api(one(id), { method: 'DELETE', headers: b.auth }), 404);
    expect((await api(LIST, { headers: b.auth })).body).toEqual({ data: [], total: 0, limit: 20, offset: 0 });
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, id)));
    expect(row!.status).toBe('pending');
  });

  it('expires after max_pending_days without anyone asking; the cron job marks it and tells the area (idempotent)', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'space');
    const id = await pendingRequest(owner, member);
    await withDb((db) => db.update(approvalRequests).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(approvalRequests.id, id)));
    expect((await api(one(id), { headers: owner.auth })).body.data.status).toBe('expired');
    expect((await api(`${LIST}?status=expired`, { headers: owner.auth })).body.total).toBe(1);
    expectError(await api(`${one(id)}/approve`, { method: 'POST', headers: owner.auth, json: {} }), 409);
    expectError(await api(one(id), { method: 'DELETE', headers: member.auth }), 409);

    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as Env);
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, id)));
    expect(row!.status).toBe('expired');
    expect(row!.decisionBy).toBeNull();
    expect(decisions.filter((d) => d.requestId === id).map((d) => d.status)).toEqual(['expired']);
    // The expiry notice is built without a request and still links to the web app (APP_URL).
    const notice = await lastMessage(member.email, 'approval_decided');
    expect(notice!.body).toContain(`${env.APP_URL}/approvals/${id}`);
    expect(notice!.body).not.toContain('127.0.0.1');
    await withJob((ctx) => expireApprovals(ctx));
    expect(decisions.filter((d) => d.requestId === id)).toHaveLength(1);
    // A new request for the entity is possible once the old one expired.
    const [again] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, id)));
    expect((await withJob((ctx) => requestApprovalIfNeeded(ctx, { tenantId: owner.tenantId, entityType: 'space', entityId: again!.entityId, requestedBy: member.userId, role: 'member' }))).requestId).not.toBe(id);
  });

  it('undoes the decision when the area\'s handler fails (same transaction)', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    await requireApproval(owner, 'resource');
    const id = await pendingRequest(owner, member, 'resource');
    const off = onApprovalDecision('resource', async () => {
      throw new Error('activation failed');
    });
    try {
      const res = await api(`${one(id)}/approve`, { method: 'POST', headers: owner.auth, json: {} });
      expect(res.status).toBe(500);
    } finally {
      off();
    }
    const [row] = await withDb((db) => db.select().from(approvalRequests).where(eq(approvalRequests.id, id)));
    expect(row!.status).toBe('pending');
    expect((await api(`${one(id)}/approve`, { method: 'POST', headers: owner.auth, json: {} })).status).toBe(200);
  });
});
