// Flow tasks, completions and the session gate in Postgres, for a tenant named explicitly (the
// session's tenant, or the tenant a sign-in opens).
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { flowTaskCompletions, flowTasks } from '../../../db/schema/accounts';
import { sessions, users } from '../../../db/schema/accounts';
import { ofTenant } from '../../../db/tx';
import type { TaskRow, UserFacts } from './flow.model';

/** What these queries need of a context: callers that hold only a database handle wrap it (index.ts). */
export type DbContext = Pick<BaseContext, 'db'>;

export const TASK_ORDER = [asc(flowTasks.priority), asc(flowTasks.createdAt), asc(flowTasks.id)];

export async function userFacts(ctx: DbContext, userId: string): Promise<UserFacts | undefined> {
  const db = await ctx.db();
  const [u] = await db
    .select({
      emailConfirmedAt: users.emailConfirmedAt,
      avatarSource: users.avatarSource,
      displayName: users.displayName,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(users)
    .where(eq(users.id, userId));
  return u;
}

/** The tenant's active tasks in flow order, each with the user's live (not cleared) completion. */
export async function activeTasksWithCompletion(ctx: DbContext, tenantId: string, userId: string) {
  const db = await ctx.db();
  return (
    db
      // completedAt first: drizzle decides whether a left-joined object is null from its first column,
      // and `version` is null for unversioned tasks.
      .select({ task: flowTasks, done: { completedAt: flowTaskCompletions.completedAt, version: flowTaskCompletions.version } })
      .from(flowTasks)
      .leftJoin(
        flowTaskCompletions,
        and(eq(flowTaskCompletions.taskId, flowTasks.id), eq(flowTaskCompletions.userId, userId), isNull(flowTaskCompletions.clearedAt)),
      )
      .where(ofTenant(flowTasks.tenantId, tenantId, eq(flowTasks.isActive, true)))
      .orderBy(...TASK_ORDER)
  );
}

export async function hasActiveMandatoryTask(ctx: DbContext, tenantId: string): Promise<boolean> {
  const db = await ctx.db();
  const [mandatory] = await db
    .select({ id: flowTasks.id })
    .from(flowTasks)
    .where(ofTenant(flowTasks.tenantId, tenantId, eq(flowTasks.isActive, true), eq(flowTasks.isMandatory, true)))
    .limit(1);
  return Boolean(mandatory);
}

/** Records the gate on the user's sessions in that tenant (writes only rows whose value changes). */
export async function setFlowGate(ctx: DbContext, userId: string, tenantId: string, pending: boolean): Promise<void> {
  const db = await ctx.db();
  await db
    .update(sessions)
    .set({ flowPending: pending })
    .where(and(eq(sessions.userId, userId), eq(sessions.tenantId, tenantId), ne(sessions.flowPending, pending)));
}

export async function findTask(ctx: DbContext, tenantId: string, id: string, opts: { activeOnly?: boolean; lock?: boolean }): Promise<TaskRow | undefined> {
  const db = await ctx.db();
  const q = db
    .select()
    .from(flowTasks)
    .where(ofTenant(flowTasks.tenantId, tenantId, eq(flowTasks.id, id), opts.activeOnly ? eq(flowTasks.isActive, true) : undefined));
  const [task] = opts.lock ? await q.for('update') : await q;
  return task;
}

// ---- completions ------------------------------------------------------------------------------

const live = (taskId: string, userId: string) => and(eq(flowTaskCompletions.taskId, taskId), eq(flowTaskCompletions.userId, userId), isNull(flowTaskCompletions.clearedAt));

/** The user's live completion of the task; `lock` takes it FOR UPDATE. */
export async function liveCompletion(ctx: DbContext, taskId: string, userId: string, lock = false) {
  const db = await ctx.db();
  const q = db.select().from(flowTaskCompletions).where(live(taskId, userId));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Clears a completion a newer version replaces (the record stays on file). */
export async function supersede(ctx: DbContext, completionId: string): Promise<void> {
  const db = await ctx.db();
  await db.update(flowTaskCompletions).set({ clearedAt: sql`now()`, clearedReason: 'superseded' }).where(eq(flowTaskCompletions.id, completionId));
}

/** Records a completion; undefined when a concurrent call recorded the live one first. */
export async function insertCompletion(ctx: DbContext, c: typeof flowTaskCompletions.$inferInsert): Promise<Date | undefined> {
  const db = await ctx.db();
  const [row] = await db.insert(flowTaskCompletions).values(c).onConflictDoNothing().returning({ completedAt: flowTaskCompletions.completedAt });
  return row?.completedAt;
}
