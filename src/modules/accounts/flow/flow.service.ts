// The user side of the post-sign-in flow: the caller's task states, what to do next, completing a
// task, and the session gate.
//
// Mandatory post-sign-in tasks are enforced, not only suggested: a session whose user still owes a
// mandatory task (terms of service, profile, ...) answers only /api/v1/secure/auth/* and
// /api/v1/secure/profile/* (403 POST_AUTH_FLOW_REQUIRED elsewhere) until the tasks are done.
// Routes that serve such a session declare `allowDuringFlow` (context/principal.ts AuthRequirement).
// The state is computed when a session starts or changes tenant, and again whenever the user asks
// for their flow (resolve-flow, tasks/status) or completes a task, and kept on the session row, so
// the per-request check costs nothing beyond the principal query that already reads the session.
// Application accounts are machine users and never gated.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { checkJsonSize, throwIfInvalid } from './flow.input';
import type { TaskRow, TaskState } from './flow.model';
import * as q from './flow.queries';
import { detect, nextStep, taskState } from './flow.rules';

/** The tenant's active tasks, in order, with the user's completion state. Two queries. */
export async function taskStates(ctx: q.DbContext, tenantId: string, userId: string): Promise<TaskState[]> {
  const u = await q.userFacts(ctx, userId);
  const rows = await q.activeTasksWithCompletion(ctx, tenantId, userId);
  return rows.map(({ task, done }) => taskState(task, done?.completedAt ? { completedAt: done.completedAt, version: done.version } : null, u!));
}

/** Whether `userId` owes a mandatory task in `tenantId` right now (one query when the tenant has none). */
export async function owesMandatoryTask(ctx: q.DbContext, tenantId: string, userId: string): Promise<boolean> {
  if (!(await q.hasActiveMandatoryTask(ctx, tenantId))) return false;
  return nextStep(await taskStates(ctx, tenantId, userId)).action === 'REDIRECT';
}

/** Tenant's task by id, or 404 (also for another tenant's id). */
export async function findTask(ctx: q.DbContext, tenantId: string, id: string, opts: { activeOnly?: boolean; lock?: boolean } = {}): Promise<TaskRow> {
  const task = await q.findTask(ctx, tenantId, id, opts);
  if (!task) throw new ApiError('NOT_FOUND', 'Flow task not found');
  return task;
}

/** Keeps the session gate in step with what the user owes; writes only on change. */
async function syncGate(ctx: q.DbContext, p: UserPrincipal, pending: boolean): Promise<void> {
  if (p.actorType === 'user' && p.flowPending !== pending) await q.setFlowGate(ctx, p.userId, p.tenantId, pending);
}

/** The caller's task states (and the gate brought up to date). */
export async function myTasks(ctx: ServiceContext, p: UserPrincipal): Promise<TaskState[]> {
  const states = await taskStates(ctx, p.tenantId, p.userId);
  await syncGate(ctx, p, nextStep(states).action === 'REDIRECT');
  return states;
}

/** What the caller should do next (and the gate brought up to date). */
export async function resolveFlow(ctx: ServiceContext, p: UserPrincipal) {
  const next = nextStep(await taskStates(ctx, p.tenantId, p.userId));
  await syncGate(ctx, p, next.action === 'REDIRECT');
  return next;
}

/**
 * Records that the caller completed an active task of their tenant (the task's current version,
 * IP, user agent, metadata). Again for the same version keeps the first record; a newer version
 * supersedes the older one. Data-detected tasks answer 422 while the data does not satisfy them.
 */
export async function completeTask(ctx: ServiceContext, p: UserPrincipal, taskId: string, input: { metadata?: Record<string, unknown>; userAgent: string | null }) {
  const fields: Record<string, string[]> = {};
  checkJsonSize('metadata', input.metadata, fields);
  throwIfInvalid(fields);
  return inTransaction(ctx, async (tx) => {
    const task = await findTask(tx, p.tenantId, taskId, { activeOnly: true });
    const u = await q.userFacts(tx, p.userId);
    const data = detect(task.type, u!);
    if (data && data.missing.length) {
      throw new ApiError('UNPROCESSABLE_ENTITY', `This task completes by itself once done: missing ${data.missing.join(', ')}`, { missing: data.missing });
    }
    const existing = await q.liveCompletion(tx, task.id, p.userId, true);
    let completedAt = existing?.completedAt;
    if (!existing || existing.version !== task.version) {
      if (existing) await q.supersede(tx, existing.id);
      const inserted = await q.insertCompletion(tx, {
        taskId: task.id,
        tenantId: p.tenantId,
        userId: p.userId,
        version: task.version,
        ipAddress: ctx.ip,
        userAgent: input.userAgent,
        metadata: input.metadata ?? {},
      });
      // A concurrent call recorded it first: theirs stands.
      completedAt = inserted ?? (await q.liveCompletion(tx, task.id, p.userId))?.completedAt;
    }
    const next = nextStep(await taskStates(tx, p.tenantId, p.userId));
    await syncGate(tx, p, next.action === 'REDIRECT');
    return { completedAt: completedAt!, next };
  });
}
