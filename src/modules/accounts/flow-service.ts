// Rules of the post-sign-in flow: which of a tenant's tasks a user still owes, in which order,
// and what to do next.
//
// Ordering: `priority` ascending (0 first), ties by creation time then id. Reorder rewrites the
// priorities to 0, 1, 2, ... in list order.
// A task counts as completed when:
// - `email_verification`: the user's email is confirmed (users.email_confirmed_at);
// - `avatar`: the user chose an avatar other than the generated one (avatar_source <> 'none');
// - `profile`: display name, first name and last name are all set;
//   (for these three the data decides; when the task also has a `version`, a completion recorded
//   for that version is needed as well);
// - every other type (`agb`, `kyc`, `phone_verification`, `custom`): a completion recorded through
//   POST /auth/tasks/{id}/complete for the task's current version (any version when it has none).
// A completion for an older version leaves the task pending with `requiresUpdate: true`.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { flowTaskCompletions, flowTasks, type FlowTaskText, type FlowTaskType } from '../../db/schema/flow';
import { users } from '../../db/schema/identity';
import type { Tx } from '../../db/tx';
import { ofTenant } from '../../db/tx';
import { ApiError } from '../../lib/errors';

export const TASK_ORDER = [asc(flowTasks.priority), asc(flowTasks.createdAt), asc(flowTasks.id)];
export const MAX_TASKS_PER_TENANT = 100;
export const PROCEED_TARGET = 'dashboard';

type TaskRow = typeof flowTasks.$inferSelect;

/** A task as the admin routes answer it (the reference's FlowTask). */
export function flowTaskBody(t: TaskRow) {
  return {
    id: t.id,
    type: t.type,
    name: t.name,
    targetRoute: t.targetRoute,
    priority: t.priority,
    isMandatory: t.isMandatory,
    isActive: t.isActive,
    version: t.version,
    config: t.config,
    i18n: t.i18n,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

// ---- input checks the reference's loose schemas leave to us ----

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const TEXT_LIMITS: Record<keyof FlowTaskText, number> = { title: 200, description: 2000, buttonText: 100 };
const MAX_JSON = 16_384;

/** `i18n`: `{ <locale>: { title?, description?, buttonText? } }` with strings of bounded length. */
export function checkI18n(raw: Record<string, unknown>, fields: Record<string, string[]>): Record<string, FlowTaskText> {
  const out: Record<string, FlowTaskText> = {};
  const entries = Object.entries(raw);
  if (entries.length > 50) (fields.i18n ??= []).push('At most 50 locales');
  for (const [locale, value] of entries) {
    const key = `i18n.${locale}`;
    if (!LOCALE.test(locale)) (fields[key] ??= []).push('Locale must look like "en" or "de-CH"');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      (fields[key] ??= []).push('Expected an object with title, description and buttonText');
      continue;
    }
    const text: FlowTaskText = {};
    for (const [k, v] of Object.entries(value)) {
      const limit = TEXT_LIMITS[k as keyof FlowTaskText];
      if (limit === undefined) (fields[`${key}.${k}`] ??= []).push('Unknown key (allowed: title, description, buttonText)');
      else if (typeof v !== 'string') (fields[`${key}.${k}`] ??= []).push('Expected a string');
      else if (v.length > limit) (fields[`${key}.${k}`] ??= []).push(`At most ${limit} characters`);
      else text[k as keyof FlowTaskText] = v;
    }
    out[locale] = text;
  }
  return out;
}

export function checkJsonSize(name: string, value: unknown, fields: Record<string, string[]>) {
  if (value !== undefined && JSON.stringify(value).length > MAX_JSON) (fields[name] ??= []).push(`At most ${MAX_JSON} bytes of JSON`);
}

export function throwIfInvalid(fields: Record<string, string[]>) {
  const names = Object.keys(fields);
  if (names.length) throw new ApiError('VALIDATION_ERROR', `Invalid body: ${names.join(', ')}`, { location: 'body', fields });
}

// ---- user side ----

interface UserFacts {
  emailConfirmedAt: Date | null;
  avatarSource: 'none' | 'uploaded' | 'remote';
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
}

const filled = (s: string | null) => s !== null && s.trim() !== '';

/** For data-backed task types: what is still missing (empty = done), and since when it is done if known. */
export function detect(type: FlowTaskType, u: UserFacts): { missing: string[]; since: Date | null } | null {
  switch (type) {
    case 'email_verification':
      return { missing: u.emailConfirmedAt ? [] : ['email confirmation'], since: u.emailConfirmedAt };
    case 'avatar':
      return { missing: u.avatarSource !== 'none' ? [] : ['an avatar other than the generated one'], since: null };
    case 'profile':
      return {
        missing: [
          ...(filled(u.displayName) ? [] : ['displayName']),
          ...(filled(u.firstName) ? [] : ['firstName']),
          ...(filled(u.lastName) ? [] : ['lastName']),
        ],
        since: null,
      };
    default:
      return null;
  }
}

export interface TaskState {
  task: TaskRow;
  isCompleted: boolean;
  completedAt: Date | null;
  completedVersion: string | null;
  requiresUpdate: boolean;
}

/** The tenant's active tasks, in order, with the user's completion state. Two queries. */
export async function taskStates(db: Database | Tx, tenantId: string, userId: string): Promise<TaskState[]> {
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
  const rows = await db
    // completedAt first: drizzle decides whether a left-joined object is null from its first column,
    // and `version` is null for unversioned tasks.
    .select({ task: flowTasks, done: { completedAt: flowTaskCompletions.completedAt, version: flowTaskCompletions.version } })
    .from(flowTasks)
    .leftJoin(
      flowTaskCompletions,
      and(eq(flowTaskCompletions.taskId, flowTasks.id), eq(flowTaskCompletions.userId, userId), isNull(flowTaskCompletions.clearedAt)),
    )
    .where(ofTenant(flowTasks.tenantId, tenantId, eq(flowTasks.isActive, true)))
    .orderBy(...TASK_ORDER);
  return rows.map(({ task, done }) => {
    const live = done?.completedAt ? done : null;
    const versionOk = live !== null && (task.version === null || live.version === task.version);
    const data = detect(task.type, u!);
    const isCompleted = data ? data.missing.length === 0 && (task.version === null || versionOk) : versionOk;
    return {
      task,
      isCompleted,
      completedAt: live?.completedAt ?? (data && data.missing.length === 0 ? data.since : null),
      completedVersion: live?.version ?? null,
      requiresUpdate: task.version !== null && live !== null && live.version !== task.version,
    };
  });
}

/** REDIRECT to the first pending mandatory task, else PROCEED to the dashboard. */
export function nextStep(states: TaskState[]) {
  const pending = states.filter((s) => !s.isCompleted);
  const first = pending.find((s) => s.task.isMandatory);
  return {
    action: first ? ('REDIRECT' as const) : ('PROCEED' as const),
    target: first ? first.task.targetRoute : PROCEED_TARGET,
    taskId: first ? first.task.id : null,
    pendingTasks: pending.map(({ task: t }) => ({ id: t.id, type: t.type, name: t.name, targetRoute: t.targetRoute, isMandatory: t.isMandatory, i18n: t.i18n })),
  };
}

/** Tenant's task by id, or 404 (also for another tenant's id). */
export async function findTask(db: Database | Tx, tenantId: string, id: string, opts: { activeOnly?: boolean; lock?: boolean } = {}): Promise<TaskRow> {
  const q = db
    .select()
    .from(flowTasks)
    .where(ofTenant(flowTasks.tenantId, tenantId, eq(flowTasks.id, id), opts.activeOnly ? eq(flowTasks.isActive, true) : undefined));
  const [task] = opts.lock ? await q.for('update') : await q;
  if (!task) throw new ApiError('NOT_FOUND', 'Flow task not found');
  return task;
}

export const now = () => sql`now()`;
