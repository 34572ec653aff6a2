// User side of the post-sign-in flow: what to do after signing in, my tasks, completing one.
import { z } from '@hono/zod-openapi';
import { and, eq, isNull, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import type { Database } from '../../db/client';
import { flowTaskCompletions } from '../../db/schema/flow';
import { users } from '../../db/schema/identity';
import type { Tx } from '../../db/tx';
import { ApiError } from '../../lib/errors';
import { clientIp, userAgent } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { userPrincipal, type UserPrincipal } from '../../middleware/auth';
import { checkJsonSize, detect, findTask, nextStep, PROCEED_TARGET, taskStates, throwIfInvalid } from './flow-service';
import { setFlowGate } from './flow-gate';

const RULES =
  'Only active tasks of the session’s tenant count, ordered by `priority` ascending (0 first; ties: older task first). A task is complete when: `email_verification` — the email is confirmed; `avatar` — an avatar other than the generated one is chosen; `profile` — display name, first and last name are set (for these three the data decides; a versioned one also needs a completion of its current version); any other type — a completion was recorded for the task’s current `version` (any, if unversioned). A completion of an older version leaves the task pending with `requiresUpdate: true`.';

const resolve = contractRoute(contract.postSecureAuthResolveFlow, {
  description: `What the client should do after authentication. \`action\` is REDIRECT with \`target\` = the first pending mandatory task's \`targetRoute\` and its \`taskId\`; otherwise PROCEED with \`target\` "${PROCEED_TARGET}" and \`taskId\` null. \`pendingTasks\` lists every pending task (mandatory and optional) in flow order. The outcome is the same for every \`context\`. ${RULES}`,
  auth: { allowDuringFlow: true },
});

const status = contractRoute(contract.getSecureAuthTasksStatus, {
  description: `The caller's tasks in flow order with completion state. \`completedAt\`/\`completedVersion\` describe the caller's latest recorded completion (for data-detected tasks without one, \`completedAt\` is the email confirmation time, or null when the data carries no time). ${RULES}`,
  auth: { allowDuringFlow: true },
});

const complete = contractRoute(contract.postSecureAuthTasksByTaskIdComplete, {
  description: `Records that the caller completed an active task of their tenant: the task's current \`version\`, the time, the caller's IP (CF-Connecting-IP) and user agent, and \`metadata\` (≤16 KiB JSON, e.g. terms acceptance data) are stored. Completing again for the same version keeps the first record; a newer version supersedes the older record (which stays on file). \`email_verification\`, \`avatar\` and \`profile\` tasks answer 422 (with \`details.missing\`) while the user's data does not satisfy them. Answers the next step like resolve-flow. Unknown, inactive or another tenant's task: 404.`,
  request: { params: z.object({ taskId: z.uuid() }) },
  auth: { allowDuringFlow: true },
  errors: [422],
});

/** Keeps the session gate (flow-gate.ts) in step with what the user owes; writes only on change. */
async function syncGate(db: Database | Tx, p: UserPrincipal, pending: boolean): Promise<void> {
  if (p.actorType === 'user' && p.flowPending !== pending) await setFlowGate(db, p.userId, p.tenantId, pending);
}

export const flowRoutes = newRouter()
  .openapi(resolve, async (c) => {
    c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const next = nextStep(await taskStates(db, p.tenantId, p.userId));
    await syncGate(db, p, next.action === 'REDIRECT');
    return c.json(next, 200);
  })
  .openapi(status, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const states = await taskStates(db, p.tenantId, p.userId);
    await syncGate(db, p, nextStep(states).action === 'REDIRECT');
    const mandatory = states.filter((s) => s.task.isMandatory);
    const optional = states.filter((s) => !s.task.isMandatory);
    return c.json(
      {
        tasks: states.map((s) => ({
          id: s.task.id,
          type: s.task.type,
          name: s.task.name,
          targetRoute: s.task.targetRoute,
          priority: s.task.priority,
          isMandatory: s.task.isMandatory,
          isCompleted: s.isCompleted,
          completedAt: s.completedAt?.toISOString() ?? null,
          completedVersion: s.completedVersion,
          currentVersion: s.task.version,
          requiresUpdate: s.requiresUpdate,
          i18n: s.task.i18n,
        })),
        mandatoryCompleted: mandatory.filter((s) => s.isCompleted).length,
        mandatoryTotal: mandatory.length,
        optionalCompleted: optional.filter((s) => s.isCompleted).length,
        optionalTotal: optional.length,
      },
      200,
    );
  })
  .openapi(complete, async (c) => {
    const { taskId } = c.req.valid('param');
    const { metadata } = c.req.valid('json');
    const fields: Record<string, string[]> = {};
    checkJsonSize('metadata', metadata, fields);
    throwIfInvalid(fields);
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const result = await db.transaction(async (tx) => {
      const task = await findTask(tx, p.tenantId, taskId, { activeOnly: true });
      const [u] = await tx.select().from(users).where(eq(users.id, p.userId));
      const data = detect(task.type, u!);
      if (data && data.missing.length) {
        throw new ApiError('UNPROCESSABLE_ENTITY', `This task completes by itself once done: missing ${data.missing.join(', ')}`, { missing: data.missing });
      }
      const live = and(eq(flowTaskCompletions.taskId, task.id), eq(flowTaskCompletions.userId, p.userId), isNull(flowTaskCompletions.clearedAt));
      const [existing] = await tx.select().from(flowTaskCompletions).where(live).for('update');
      let completedAt = existing?.completedAt;
      if (!existing || existing.version !== task.version) {
        if (existing) await tx.update(flowTaskCompletions).set({ clearedAt: sql`now()`, clearedReason: 'superseded' }).where(eq(flowTaskCompletions.id, existing.id));
        const [row] = await tx
          .insert(flowTaskCompletions)
          .values({ taskId: task.id, tenantId: p.tenantId, userId: p.userId, version: task.version, ipAddress: clientIp(c), userAgent: userAgent(c), metadata: metadata ?? {} })
          .onConflictDoNothing()
          .returning({ completedAt: flowTaskCompletions.completedAt });
        // A concurrent call recorded it first: theirs stands.
        completedAt = row?.completedAt ?? (await tx.select().from(flowTaskCompletions).where(live))[0]?.completedAt;
      }
      const next = nextStep(await taskStates(tx, p.tenantId, p.userId));
      await syncGate(tx, p, next.action === 'REDIRECT');
      return { completedAt: completedAt!, next };
    });
    return c.json(
      {
        success: true,
        taskId,
        completedAt: result.completedAt.toISOString(),
        nextAction: result.next.action,
        nextTarget: result.next.target,
        nextTaskId: result.next.taskId,
      },
      200,
    );
  });
