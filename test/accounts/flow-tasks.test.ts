import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { flowTaskCompletions, flowTasks } from '../../src/db/schema/accounts';
import { users } from '../../src/db/schema/accounts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const ADMIN = '/api/v1/secure/admin/flow-tasks';

async function createTask(owner: SignedIn, json: Record<string, unknown>) {
  const res = await api(`${ADMIN}/`, { method: 'POST', headers: owner.auth, json: { targetRoute: '/onboarding', ...json } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; priority: number; version: string | null };
}

const taskCount = (tenantId: string) => withDb(async (db) => (await db.select().from(flowTasks).where(eq(flowTasks.tenantId, tenantId))).length);
const status = (u: SignedIn) => api('/api/v1/secure/auth/tasks/status', { headers: u.auth });
const resolve = (u: SignedIn) => api('/api/v1/secure/auth/resolve-flow', { method: 'POST', headers: u.auth, json: { context: 'login' } });
const complete = (u: SignedIn, id: string, json: unknown = {}, headers: Record<string, string> = {}) =>
  api(`/api/v1/secure/auth/tasks/${id}/complete`, { method: 'POST', headers: { ...u.auth, ...headers }, json });

describe('admin flow tasks', () => {
  it('creates tasks and lists them by priority ascending (ties: older first)', async () => {
    const owner = await newTenant();
    const created = await api(`${ADMIN}/`, {
      method: 'POST',
      headers: owner.auth,
      json: { type: 'agb', name: 'Terms', targetRoute: '/terms', priority: 5, isMandatory: true, version: '2024-01', config: { url: 'https://x.test/agb' }, i18n: { de: { title: 'AGB', buttonText: 'Akzeptieren' } } },
    });
    expect(created.status).toBe(201);
    expectReferenceShape('POST', '/api/v1/secure/admin/flow-tasks/', created);
    expect(created.body).toMatchObject({ type: 'agb', priority: 5, isMandatory: true, isActive: true, version: '2024-01', i18n: { de: { title: 'AGB' } } });
    const b = await createTask(owner, { type: 'profile', name: 'Profile' });
    const c = await createTask(owner, { type: 'custom', name: 'Tour' });
    expect(b.priority).toBe(0);
    expect(b).toMatchObject({ version: null });
    const list = await api(`${ADMIN}/`, { headers: owner.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/admin/flow-tasks/', list);
    expect(list.body.total).toBe(3);
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([b.id, c.id, created.body.id]);
    // without the trailing slash too
    expect((await api(ADMIN, { headers: owner.auth })).body.total).toBe(3);
  });

  it('answers 401 without credentials and 403 to a member, writing nothing', async () => {
    const owner = await newTenant();
    const task = await createTask(owner, { type: 'custom', name: 'X' });
    expectError(await api(`${ADMIN}/`), 401, 'UNAUTHORIZED');
    const member = await addMember(owner.tenantId, 'member');
    const calls: [string, string, unknown][] = [
      ['GET', `${ADMIN}/`, undefined],
      ['POST', `${ADMIN}/`, { type: 'custom', name: 'Y', targetRoute: '/y' }],
      ['PATCH', `${ADMIN}/reorder`, { taskIds: [task.id] }],
      ['PATCH', `${ADMIN}/${task.id}`, { name: 'Z' }],
      ['DELETE', `${ADMIN}/${task.id}`, undefined],
      ['POST', `${ADMIN}/${task.id}/reset`, undefined],
    ];
    for (const [method, path, json] of calls) expectError(await api(path, { method, headers: member.auth, json }), 403, 'FORBIDDEN');
    const [row] = await withDb((db) => db.select().from(flowTasks).where(eq(flowTasks.tenantId, owner.tenantId)));
    expect(row).toMatchObject({ id: task.id, name: 'X' });
    expect(await taskCount(owner.tenantId)).toBe(1);
  });

  it('rejects invalid input with 400 and writes nothing', async () => {
    const owner = await newTenant();
    const bad = [
      { type: 'nope', name: 'A', targetRoute: '/a' },
      { type: 'custom', name: '', targetRoute: '/a' },
      { type: 'custom', name: 'A', targetRoute: '/a', priority: -1 },
      { type: 'custom', name: 'A', targetRoute: '/a', version: 'v'.repeat(51) },
      { type: 'custom', name: 'A', targetRoute: '/a', i18n: { de: { title: 5 } } },
      { type: 'custom', name: 'A', targetRoute: '/a', i18n: { 'not a locale': { title: 'x' } } },
      { type: 'custom', name: 'A', targetRoute: '/a', extra: true },
    ];
    for (const json of bad) expectError(await api(`${ADMIN}/`, { method: 'POST', headers: owner.auth, json }), 400, 'VALIDATION_ERROR');
    expect(await taskCount(owner.tenantId)).toBe(0);

    const task = await createTask(owner, { type: 'custom', name: 'Keep' });
    expectError(await api(`${ADMIN}/${task.id}`, { method: 'PATCH', headers: owner.auth, json: {} }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${ADMIN}/${task.id}`, { method: 'PATCH', headers: owner.auth, json: { type: 'agb' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${ADMIN}/${task.id}`, { method: 'PATCH', headers: owner.auth, json: { name: 'New', i18n: { en: { foo: 'x' } } } }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${ADMIN}/not-a-uuid`, { method: 'PATCH', headers: owner.auth, json: { name: 'New' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${ADMIN}/reorder`, { method: 'PATCH', headers: owner.auth, json: { taskIds: [] } }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${ADMIN}/reorder`, { method: 'PATCH', headers: owner.auth, json: { taskIds: [task.id, task.id] } }), 400, 'VALIDATION_ERROR');
    const [row] = await withDb((db) => db.select().from(flowTasks).where(eq(flowTasks.id, task.id)));
    expect(row).toMatchObject({ name: 'Keep', type: 'custom', i18n: {} });
  });

  it('updates, deletes (204) and answers 404 for another tenant’s task', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const task = await createTask(owner, { type: 'agb', name: 'Terms', version: 'v1' });
    const upd = await api(`${ADMIN}/${task.id}`, { method: 'PATCH', headers: owner.auth, json: { name: 'AGB', isMandatory: true, version: null } });
    expect(upd.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/admin/flow-tasks/{id}', upd);
    expect(upd.body).toMatchObject({ id: task.id, name: 'AGB', isMandatory: true, version: null, type: 'agb' });

    expectError(await api(`${ADMIN}/${task.id}`, { method: 'PATCH', headers: other.auth, json: { name: 'Hijack' } }), 404, 'NOT_FOUND');
    expectError(await api(`${ADMIN}/${task.id}`, { method: 'DELETE', headers: other.auth }), 404, 'NOT_FOUND');
    expectError(await api(`${ADMIN}/${task.id}/reset`, { method: 'POST', headers: other.auth }), 404, 'NOT_FOUND');
    expectError(await api(`${ADMIN}/reorder`, { method: 'PATCH', headers: other.auth, json: { taskIds: [task.id] } }), 404, 'NOT_FOUND');
    expectError(await complete(other, task.id), 404, 'NOT_FOUND');
    expect((await api(`${ADMIN}/`, { headers: other.auth })).body).toEqual({ data: [], total: 0 });
    const [row] = await withDb((db) => db.select().from(flowTasks).where(eq(flowTasks.id, task.id)));
    expect(row).toMatchObject({ name: 'AGB', priority: 0 });

    const del = await api(`${ADMIN}/${task.id}`, { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    expectError(await api(`${ADMIN}/${task.id}`, { method: 'DELETE', headers: owner.auth }), 404, 'NOT_FOUND');
    expect(await taskCount(owner.tenantId)).toBe(0);
  });

  it('reorder rewrites priorities 0..n-1, unlisted tasks following; unknown ids change nothing', async () => {
    const owner = await newTenant();
    const a = await createTask(owner, { type: 'custom', name: 'A', priority: 1 });
    const b = await createTask(owner, { type: 'custom', name: 'B', priority: 2 });
    const c = await createTask(owner, { type: 'custom', name: 'C', priority: 3 });
    const res = await api(`${ADMIN}/reorder`, { method: 'PATCH', headers: owner.auth, json: { taskIds: [c.id, a.id] } });
    expect(res.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/admin/flow-tasks/reorder', res);
    const list = (await api(`${ADMIN}/`, { headers: owner.auth })).body.data as { id: string; priority: number }[];
    expect(list.map((t) => [t.id, t.priority])).toEqual([[c.id, 0], [a.id, 1], [b.id, 2]]);

    const missing = await api(`${ADMIN}/reorder`, { method: 'PATCH', headers: owner.auth, json: { taskIds: [b.id, crypto.randomUUID()] } });
    expectError(missing, 404, 'NOT_FOUND');
    const after = (await api(`${ADMIN}/`, { headers: owner.auth })).body.data as { id: string }[];
    expect(after.map((t) => t.id)).toEqual([c.id, a.id, b.id]);

    // the user side follows the same order: the first pending mandatory task is the redirect
    await api(`${ADMIN}/reorder`, { method: 'PATCH', headers: owner.auth, json: { taskIds: [b.id, a.id, c.id] } });
    await api(`${ADMIN}/${a.id}`, { method: 'PATCH', headers: owner.auth, json: { isMandatory: true, targetRoute: '/a' } });
    await api(`${ADMIN}/${c.id}`, { method: 'PATCH', headers: owner.auth, json: { isMandatory: true, targetRoute: '/c' } });
    const r = await resolve(owner);
    expect(r.body).toMatchObject({ action: 'REDIRECT', target: '/a', taskId: a.id });
    expect(r.body.pendingTasks.map((t: { id: string }) => t.id)).toEqual([b.id, a.id, c.id]);
  });

  it('reset clears every user’s completion and returns the count', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const task = await createTask(owner, { type: 'custom', name: 'Tour', isMandatory: true });
    expect((await complete(owner, task.id)).status).toBe(200);
    const memberDone = await complete(member, task.id);
    expect(memberDone.status).toBe(200);
    expect(memberDone.body.nextAction).toBe('PROCEED'); // an unversioned task counts as done once completed
    expect((await status(member)).body.tasks[0]).toMatchObject({ id: task.id, isCompleted: true });
    const res = await api(`${ADMIN}/${task.id}/reset`, { method: 'POST', headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/admin/flow-tasks/{id}/reset', res);
    expect(res.body).toEqual({ success: true, resetCount: 2 });
    expect((await status(member)).body.tasks[0]).toMatchObject({ id: task.id, isCompleted: false });
    expect((await resolve(member)).body).toMatchObject({ action: 'REDIRECT', taskId: task.id });
    expect((await api(`${ADMIN}/${task.id}/reset`, { method: 'POST', headers: owner.auth })).body).toEqual({ success: true, resetCount: 0 });
    // the records stay, marked cleared
    const rows = await withDb((db) => db.select().from(flowTaskCompletions).where(eq(flowTaskCompletions.taskId, task.id)));
    expect(rows.map((r) => r.clearedReason)).toEqual(['reset', 'reset']);
  });
});

describe('user flow', () => {
  it('proceeds to the dashboard when nothing is pending; 401 and 400 on bad calls', async () => {
    const owner = await newTenant();
    const res = await resolve(owner);
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/auth/resolve-flow', res);
    expect(res.body).toEqual({ action: 'PROCEED', target: 'dashboard', taskId: null, pendingTasks: [] });
    expectError(await api('/api/v1/secure/auth/resolve-flow', { method: 'POST', json: { context: 'login' } }), 401);
    expectError(await api('/api/v1/secure/auth/tasks/status'), 401);
    expectError(await api(`/api/v1/secure/auth/tasks/${crypto.randomUUID()}/complete`, { method: 'POST', json: {} }), 401);
    expectError(await api('/api/v1/secure/auth/resolve-flow', { method: 'POST', headers: owner.auth, json: { context: 'other' } }), 400, 'VALIDATION_ERROR');
    expectError(await complete(owner, 'nope'), 400, 'VALIDATION_ERROR');
    expectError(await complete(owner, crypto.randomUUID()), 404, 'NOT_FOUND');
  });

  it('redirects to the first pending mandatory task, ignores inactive ones, reports status', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const optional = await createTask(owner, { type: 'custom', name: 'Tour', targetRoute: '/tour', priority: 0 });
    await createTask(owner, { type: 'custom', name: 'Hidden', targetRoute: '/hidden', priority: 0, isMandatory: true, isActive: false });
    const agb = await createTask(owner, { type: 'agb', name: 'Terms', targetRoute: '/terms', priority: 1, isMandatory: true, version: 'v1' });
    const r = await resolve(member);
    expect(r.body).toMatchObject({ action: 'REDIRECT', target: '/terms', taskId: agb.id });
    expect(r.body.pendingTasks.map((t: { name: string }) => t.name)).toEqual(['Tour', 'Terms']);
    const s = await status(member);
    expect(s.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/auth/tasks/status', s);
    expect(s.body).toMatchObject({ mandatoryCompleted: 0, mandatoryTotal: 1, optionalCompleted: 0, optionalTotal: 1 });
    expect(s.body.tasks[1]).toEqual({
      id: agb.id, type: 'agb', name: 'Terms', targetRoute: '/terms', priority: 1, isMandatory: true, isCompleted: false,
      completedAt: null, completedVersion: null, currentVersion: 'v1', requiresUpdate: false, i18n: {},
    });
    // an inactive task cannot be completed
    const hidden = (await api(`${ADMIN}/`, { headers: owner.auth })).body.data.find((t: { name: string }) => t.name === 'Hidden');
    expectError(await complete(member, hidden.id), 404, 'NOT_FOUND');

    const done = await complete(member, agb.id, { metadata: { accepted: true } });
    expect(done.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/auth/tasks/{taskId}/complete', done);
    expect(done.body).toMatchObject({ success: true, taskId: agb.id, nextAction: 'PROCEED', nextTarget: 'dashboard', nextTaskId: null });
    const after = await status(member);
    expect(after.body).toMatchObject({ mandatoryCompleted: 1, mandatoryTotal: 1, optionalCompleted: 0 });
    expect((await resolve(member)).body).toMatchObject({ action: 'PROCEED', pendingTasks: [{ id: optional.id }] });
  });

  it('records version, time and IP; a version bump makes the task pending again', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const agb = await createTask(owner, { type: 'agb', name: 'Terms', targetRoute: '/terms', isMandatory: true, version: 'v1' });
    const first = await complete(member, agb.id, { metadata: { documentHash: 'abc' } }, { 'cf-connecting-ip': '203.0.113.7', 'user-agent': 'test-agent' });
    expect(first.status).toBe(200);
    const [rec] = await withDb((db) => db.select().from(flowTaskCompletions).where(and(eq(flowTaskCompletions.taskId, agb.id), eq(flowTaskCompletions.userId, member.userId))));
    expect(rec).toMatchObject({ version: 'v1', ipAddress: '203.0.113.7', userAgent: 'test-agent', metadata: { documentHash: 'abc' }, clearedAt: null, tenantId: owner.tenantId });
    expect(rec!.completedAt.toISOString()).toBe(first.body.completedAt);
    // completing again for the same version keeps the first record
    const again = await complete(member, agb.id, {}, { 'cf-connecting-ip': '203.0.113.8' });
    expect(again.body.completedAt).toBe(first.body.completedAt);

    await api(`${ADMIN}/${agb.id}`, { method: 'PATCH', headers: owner.auth, json: { version: 'v2' } });
    const s = await status(member);
    expect(s.body.tasks[0]).toMatchObject({ isCompleted: false, requiresUpdate: true, completedVersion: 'v1', currentVersion: 'v2', completedAt: first.body.completedAt });
    expect(s.body.mandatoryCompleted).toBe(0);
    expect((await resolve(member)).body).toMatchObject({ action: 'REDIRECT', target: '/terms', taskId: agb.id });

    const second = await complete(member, agb.id, {}, { 'cf-connecting-ip': '203.0.113.9' });
    expect(second.body).toMatchObject({ nextAction: 'PROCEED' });
    expect((await status(member)).body.tasks[0]).toMatchObject({ isCompleted: true, requiresUpdate: false, completedVersion: 'v2' });
    const rows = await withDb((db) => db.select().from(flowTaskCompletions).where(eq(flowTaskCompletions.taskId, agb.id)).orderBy(flowTaskCompletions.completedAt));
    expect(rows.map((r) => [r.version, r.ipAddress, r.clearedReason])).toEqual([['v1', '203.0.113.7', 'superseded'], ['v2', '203.0.113.9', null]]);
  });

  it('detects email verification and profile completion from the user’s data', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const email = await createTask(owner, { type: 'email_verification', name: 'Verify', targetRoute: '/verify', isMandatory: true, priority: 0 });
    const profile = await createTask(owner, { type: 'profile', name: 'Profile', targetRoute: '/profile', isMandatory: true, priority: 1 });
    const avatar = await createTask(owner, { type: 'avatar', name: 'Avatar', targetRoute: '/avatar', priority: 2 });
    expect((await resolve(member)).body).toMatchObject({ action: 'REDIRECT', taskId: email.id });

    // cannot self-certify: 422 and nothing recorded
    const refused = await complete(member, email.id);
    expectError(refused, 422, 'UNPROCESSABLE_ENTITY');
    expect(refused.body.details.missing).toEqual(['email confirmation']);
    expectError(await complete(member, avatar.id), 422);
    const none = await withDb((db) => db.select().from(flowTaskCompletions).where(eq(flowTaskCompletions.userId, member.userId)));
    expect(none).toEqual([]);

    const confirmedAt = new Date('2024-05-01T10:00:00Z');
    await withDb((db) => db.update(users).set({ emailConfirmedAt: confirmedAt }).where(eq(users.id, member.userId)));
    let s = await status(member);
    expect(s.body.tasks[0]).toMatchObject({ id: email.id, isCompleted: true, completedAt: confirmedAt.toISOString() });
    expect((await resolve(member)).body).toMatchObject({ action: 'REDIRECT', taskId: profile.id });

    await api('/api/v1/secure/auth/me', { method: 'PATCH', headers: member.auth, json: { displayName: 'Ann B', firstName: 'Ann' } });
    expect((await status(member)).body.tasks[1]).toMatchObject({ id: profile.id, isCompleted: false });
    await api('/api/v1/secure/auth/me', { method: 'PATCH', headers: member.auth, json: { lastName: 'Berg' } });
    s = await status(member);
    expect(s.body.tasks[1]).toMatchObject({ id: profile.id, isCompleted: true });
    expect(s.body.tasks[2]).toMatchObject({ id: avatar.id, isCompleted: false });
    expect(s.body).toMatchObject({ mandatoryCompleted: 2, mandatoryTotal: 2, optionalCompleted: 0, optionalTotal: 1 });
    expect((await resolve(member)).body).toMatchObject({ action: 'PROCEED', target: 'dashboard', pendingTasks: [{ id: avatar.id }] });
  });
});
