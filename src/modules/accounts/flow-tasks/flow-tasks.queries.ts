// A tenant's flow tasks in Postgres, filtered by the caller's tenant (tenantOf).
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { flowTaskCompletions, flowTasks } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { TASK_ORDER, type TaskRow } from '../flow';

export type TaskValues = Omit<typeof flowTasks.$inferInsert, 'tenantId'>;
export type TaskPatch = Partial<Omit<TaskValues, 'type'>>;

export async function listTasks(ctx: ServiceContext): Promise<TaskRow[]> {
  const db = await ctx.db();
  return db.select().from(flowTasks).where(ofTenant(flowTasks.tenantId, tenantOf(ctx))).orderBy(...TASK_ORDER);
}

/** Serializes creates per tenant (until the transaction ends) so the cap holds under concurrency. */
export async function lockTenantTasks(ctx: ServiceContext): Promise<void> {
  const db = await ctx.db();
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('flow_tasks'), hashtext(${tenantOf(ctx)}))`);
}

export async function countTasks(ctx: ServiceContext): Promise<number> {
  const db = await ctx.db();
  const [{ n }] = (await db.select({ n: count() }).from(flowTasks).where(ofTenant(flowTasks.tenantId, tenantOf(ctx)))) as [{ n: number }];
  return n;
}

export async function insertTask(ctx: ServiceContext, values: TaskValues): Promise<TaskRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(flowTasks)
    .values({ tenantId: tenantOf(ctx), ...values })
    .returning();
  return row!;
}

/** The tenant's task ids in flow order, locked FOR UPDATE. */
export async function lockTaskIds(ctx: ServiceContext): Promise<string[]> {
  const db = await ctx.db();
  const rows = await db.select({ id: flowTasks.id }).from(flowTasks).where(ofTenant(flowTasks.tenantId, tenantOf(ctx))).orderBy(...TASK_ORDER).for('update');
  return rows.map((r) => r.id);
}

/** Sets priorities 0..n-1 in the order of `ids` (only rows whose priority changes are written). */
export async function setPriorities(ctx: ServiceContext, ids: string[]): Promise<void> {
  const db = await ctx.db();
  await db.execute(sql`
        update flow_tasks f set priority = o.ord - 1, updated_at = now()
        from unnest(${`{${ids.join(',')}}`}::uuid[]) with ordinality as o(id, ord)
        where f.id = o.id and f.tenant_id = ${tenantOf(ctx)} and f.priority <> o.ord - 1`);
}

export async function updateTask(ctx: ServiceContext, id: string, set: TaskPatch): Promise<TaskRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(flowTasks)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(flowTasks.tenantId, tenantOf(ctx), eq(flowTasks.id, id)))
    .returning();
  return row;
}

/** Deletes the task (its completions go with it); false when the tenant has no such task. */
export async function deleteTask(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db.delete(flowTasks).where(ofTenant(flowTasks.tenantId, tenantOf(ctx), eq(flowTasks.id, id))).returning({ id: flowTasks.id });
  return gone.length > 0;
}

/** Marks every live completion of the task cleared (`reset`); answers how many. */
export async function clearCompletions(ctx: ServiceContext, taskId: string): Promise<number> {
  const db = await ctx.db();
  const cleared = await db
    .update(flowTaskCompletions)
    .set({ clearedAt: sql`now()`, clearedReason: 'reset' })
    .where(and(eq(flowTaskCompletions.taskId, taskId), eq(flowTaskCompletions.tenantId, tenantOf(ctx)), isNull(flowTaskCompletions.clearedAt)))
    .returning({ id: flowTaskCompletions.id });
  return cleared.length;
}
