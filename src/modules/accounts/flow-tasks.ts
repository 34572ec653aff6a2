// Admin side of the post-sign-in flow: the tenant's tasks (permission flow_tasks:write).
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { flowTaskCompletions, flowTasks } from '../../db/schema/flow';
import { ofTenant } from '../../db/tx';
import { ApiError } from '../../lib/errors';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';
import { checkI18n, checkJsonSize, findTask, flowTaskBody, MAX_TASKS_PER_TENANT, TASK_ORDER, throwIfInvalid } from './flow-service';
import { idParam } from '../../lib/pagination';

const auth = { permission: 'flow_tasks:write' } as const;
const idParamSchema = idParam('Flow task id');

const ORDERING =
  'Ordering convention: `priority` ascending, 0 is shown first (ties: older task first). PATCH /reorder rewrites priorities to 0, 1, 2, ... in the order given.';

const list = contractRoute(contract.getSecureAdminFlowTasks, {
  description: `All flow tasks of the caller's tenant, active and inactive, in flow order. ${ORDERING} A tenant has at most ${MAX_TASKS_PER_TENANT} tasks, so the list is not paged; \`total\` is their count.`,
  auth,
});

const create = contractRoute(contract.postSecureAdminFlowTasks, {
  description: `Creates a task in the caller's tenant. ${ORDERING} \`i18n\` maps a locale ("en", "de-CH") to \`{ title ≤200, description ≤2000, buttonText ≤100 }\`; \`config\` and \`i18n\` are limited to 16 KiB of JSON each. \`version\` (e.g. the terms' version for \`agb\`) makes completions version-bound: changing it later makes the task pending again for every user. Completion of \`email_verification\`, \`avatar\` and \`profile\` is detected from the user's data (confirmed email; a non-generated avatar; display, first and last name). 422 when the tenant already has ${MAX_TASKS_PER_TENANT} tasks.`,
  auth,
  errors: [422],
});

const reorder = contractRoute(contract.patchSecureAdminFlowTasksReorder, {
  description: `Sets the flow order. ${ORDERING} Listed tasks take priorities 0..n-1; tasks not listed keep their relative order after them. Every id must be a task of the caller's tenant (404 otherwise, nothing changed); duplicates answer 400.`,
  auth,
});

const update = contractRoute(contract.patchSecureAdminFlowTasksById, {
  description: `Updates a task of the caller's tenant (at least one field; \`type\` cannot change). Changing \`version\` makes the task pending again (\`requiresUpdate\`) for everyone who completed an earlier version; completions are kept. Same limits as create. Another tenant's id answers 404.`,
  request: { params: idParamSchema },
  auth,
});

const remove = contractRoute(contract.deleteSecureAdminFlowTasksById, {
  description: "Deletes a task of the caller's tenant and its completion records. 204 without body; another tenant's id answers 404.",
  request: { params: idParamSchema },
  auth,
});

const reset = contractRoute(contract.postSecureAdminFlowTasksByIdReset, {
  description:
    "Clears the task's completion for every user of the tenant (e.g. after changing terms without bumping the version): they must complete it again. `resetCount` is the number of completions cleared. The records are kept (marked cleared) as evidence of past acceptance. Tasks whose completion comes from user data (`email_verification`, `avatar`, `profile` without a version) stay completed while the data holds.",
  request: { params: idParamSchema },
  auth,
});

// The reference's update body has minProperties 1, which the generated contract does not carry.
const updateRoute = {
  ...update,
  request: {
    ...update.request,
    body: { ...update.request.body, content: { 'application/json': { schema: contract.patchSecureAdminFlowTasksById.body.openapi({ minProperties: 1 }) } } },
  },
};

export const flowTaskAdmin = newRouter()
  .openapi(list, async (c) => {
    const p = await principal(c);
    const db = await c.var.db();
    const rows = await db.select().from(flowTasks).where(ofTenant(flowTasks.tenantId, p.tenantId)).orderBy(...TASK_ORDER);
    return c.json({ data: rows.map(flowTaskBody), total: rows.length }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const fields: Record<string, string[]> = {};
    const i18n = checkI18n(body.i18n ?? {}, fields);
    checkJsonSize('config', body.config, fields);
    checkJsonSize('i18n', body.i18n, fields);
    throwIfInvalid(fields);
    const p = await principal(c);
    const db = await c.var.db();
    const task = await db.transaction(async (tx) => {
      // Serializes creates per tenant so the cap holds under concurrency.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('flow_tasks'), hashtext(${p.tenantId}))`);
      const [{ n }] = (await tx.select({ n: count() }).from(flowTasks).where(ofTenant(flowTasks.tenantId, p.tenantId))) as [{ n: number }];
      if (n >= MAX_TASKS_PER_TENANT) throw new ApiError('UNPROCESSABLE_ENTITY', `A tenant can have at most ${MAX_TASKS_PER_TENANT} flow tasks`);
      const [row] = await tx
        .insert(flowTasks)
        .values({
          tenantId: p.tenantId,
          type: body.type,
          name: body.name,
          targetRoute: body.targetRoute,
          priority: body.priority,
          isMandatory: body.isMandatory,
          isActive: body.isActive,
          version: body.version ?? null,
          config: body.config ?? {},
          i18n,
        })
        .returning();
      return row!;
    });
    return c.json(flowTaskBody(task), 201);
  })
  .openapi(reorder, async (c) => {
    const { taskIds } = c.req.valid('json');
    const dupes = taskIds.filter((id, i) => taskIds.indexOf(id) !== i);
    if (dupes.length) throw new ApiError('VALIDATION_ERROR', 'Invalid body: taskIds', { location: 'body', fields: { taskIds: [`Duplicate ids: ${[...new Set(dupes)].join(', ')}`] } });
    const p = await principal(c);
    const db = await c.var.db();
    await db.transaction(async (tx) => {
      const current = await tx
        .select({ id: flowTasks.id })
        .from(flowTasks)
        .where(ofTenant(flowTasks.tenantId, p.tenantId))
        .orderBy(...TASK_ORDER)
        .for('update');
      const known = new Set(current.map((r) => r.id));
      const unknown = taskIds.filter((id) => !known.has(id));
      if (unknown.length) throw new ApiError('NOT_FOUND', 'Flow task not found', { taskIds: unknown });
      const listed = new Set(taskIds);
      const order = [...taskIds, ...current.map((r) => r.id).filter((id) => !listed.has(id))];
      await tx.execute(sql`
        update flow_tasks f set priority = o.ord - 1, updated_at = now()
        from unnest(${`{${order.join(',')}}`}::uuid[]) with ordinality as o(id, ord)
        where f.id = o.id and f.tenant_id = ${p.tenantId} and f.priority <> o.ord - 1`);
    });
    return c.json({ success: true }, 200);
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const fields: Record<string, string[]> = {};
    if (Object.keys(body).length === 0) fields['(root)'] = ['At least one field to update is required'];
    const i18n = body.i18n === undefined ? undefined : checkI18n(body.i18n, fields);
    checkJsonSize('config', body.config, fields);
    checkJsonSize('i18n', body.i18n, fields);
    throwIfInvalid(fields);
    const p = await principal(c);
    const db = await c.var.db();
    const set: Partial<typeof flowTasks.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.targetRoute !== undefined) set.targetRoute = body.targetRoute;
    if (body.priority !== undefined) set.priority = body.priority;
    if (body.isMandatory !== undefined) set.isMandatory = body.isMandatory;
    if (body.isActive !== undefined) set.isActive = body.isActive;
    if (body.version !== undefined) set.version = body.version;
    if (body.config !== undefined) set.config = body.config;
    if (i18n !== undefined) set.i18n = i18n;
    const [row] = await db
      .update(flowTasks)
      .set({ ...set, updatedAt: sql`now()` })
      .where(ofTenant(flowTasks.tenantId, p.tenantId, eq(flowTasks.id, id)))
      .returning();
    if (!row) throw new ApiError('NOT_FOUND', 'Flow task not found');
    return c.json(flowTaskBody(row), 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const gone = await db.delete(flowTasks).where(ofTenant(flowTasks.tenantId, p.tenantId, eq(flowTasks.id, id))).returning({ id: flowTasks.id });
    if (!gone.length) throw new ApiError('NOT_FOUND', 'Flow task not found');
    return noContent(c);
  })
  .openapi(reset, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const cleared = await db.transaction(async (tx) => {
      await findTask(tx, p.tenantId, id, { lock: true });
      return tx
        .update(flowTaskCompletions)
        .set({ clearedAt: sql`now()`, clearedReason: 'reset' })
        .where(and(eq(flowTaskCompletions.taskId, id), eq(flowTaskCompletions.tenantId, p.tenantId), isNull(flowTaskCompletions.clearedAt)))
        .returning({ id: flowTaskCompletions.id });
    });
    return c.json({ success: true, resetCount: cleared.length }, 200);
  });
