// The tenant's flow tasks (admin): list, create (at most MAX_TASKS_PER_TENANT), reorder, update,
// delete, and reset everyone's completions. Ordering: `priority` ascending, ties older first;
// reorder rewrites the priorities to 0, 1, 2, ...
import type { ServiceContext } from '../../../context';
import type { FlowTaskType } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { checkI18n, checkJsonSize, findTask, MAX_TASKS_PER_TENANT, throwIfInvalid, type TaskRow } from '../flow';
import * as q from './flow-tasks.queries';

export interface NewTask {
  type: FlowTaskType;
  name: string;
  targetRoute: string;
  priority: number;
  isMandatory: boolean;
  isActive: boolean;
  version?: string | null;
  config?: Record<string, unknown>;
  i18n?: Record<string, unknown>;
}
export type TaskChanges = Partial<Omit<NewTask, 'type'>>;

const notFound = () => new ApiError('NOT_FOUND', 'Flow task not found');

export const listTasks = (ctx: ServiceContext) => q.listTasks(ctx);

export async function createTask(ctx: ServiceContext, body: NewTask): Promise<TaskRow> {
  const fields: Record<string, string[]> = {};
  const i18n = checkI18n(body.i18n ?? {}, fields);
  checkJsonSize('config', body.config, fields);
  checkJsonSize('i18n', body.i18n, fields);
  throwIfInvalid(fields);
  return inTransaction(ctx, async (tx) => {
    await q.lockTenantTasks(tx);
    if ((await q.countTasks(tx)) >= MAX_TASKS_PER_TENANT) throw new ApiError('UNPROCESSABLE_ENTITY', `A tenant can have at most ${MAX_TASKS_PER_TENANT} flow tasks`);
    return q.insertTask(tx, {
      type: body.type,
      name: body.name,
      targetRoute: body.targetRoute,
      priority: body.priority,
      isMandatory: body.isMandatory,
      isActive: body.isActive,
      version: body.version ?? null,
      config: body.config ?? {},
      i18n,
    });
  });
}

/** Listed tasks take priorities 0..n-1, the others keep their relative order after them. */
export async function reorderTasks(ctx: ServiceContext, taskIds: string[]): Promise<void> {
  const dupes = taskIds.filter((id, i) => taskIds.indexOf(id) !== i);
  if (dupes.length) throw new ApiError('VALIDATION_ERROR', 'Invalid body: taskIds', { location: 'body', fields: { taskIds: [`Duplicate ids: ${[...new Set(dupes)].join(', ')}`] } });
  await inTransaction(ctx, async (tx) => {
    const current = await q.lockTaskIds(tx);
    const known = new Set(current);
    const unknown = taskIds.filter((id) => !known.has(id));
    if (unknown.length) throw new ApiError('NOT_FOUND', 'Flow task not found', { taskIds: unknown });
    const listed = new Set(taskIds);
    await q.setPriorities(tx, [...taskIds, ...current.filter((id) => !listed.has(id))]);
  });
}

export async function updateTask(ctx: ServiceContext, id: string, body: TaskChanges): Promise<TaskRow> {
  const fields: Record<string, string[]> = {};
  if (Object.keys(body).length === 0) fields['(root)'] = ['At least one field to update is required'];
  const i18n = body.i18n === undefined ? undefined : checkI18n(body.i18n, fields);
  checkJsonSize('config', body.config, fields);
  checkJsonSize('i18n', body.i18n, fields);
  throwIfInvalid(fields);
  const set: q.TaskPatch = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.targetRoute !== undefined) set.targetRoute = body.targetRoute;
  if (body.priority !== undefined) set.priority = body.priority;
  if (body.isMandatory !== undefined) set.isMandatory = body.isMandatory;
  if (body.isActive !== undefined) set.isActive = body.isActive;
  if (body.version !== undefined) set.version = body.version;
  if (body.config !== undefined) set.config = body.config;
  if (i18n !== undefined) set.i18n = i18n;
  const row = await q.updateTask(ctx, id, set);
  if (!row) throw notFound();
  return row;
}

export async function deleteTask(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.deleteTask(ctx, id))) throw notFound();
}

/** Clears everyone's completion of the task (records kept, marked cleared); answers how many. */
export async function resetTask(ctx: ServiceContext, id: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    await findTask(tx, tenantOf(tx), id, { lock: true });
    return q.clearCompletions(tx, id);
  });
}
