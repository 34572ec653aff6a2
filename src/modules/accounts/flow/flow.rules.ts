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
import { PROCEED_TARGET, type FlowTaskType, type TaskRow, type TaskState, type UserFacts } from './flow.model';

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

/** A task's state for the user, from its live completion (if any) and the user's data. */
export function taskState(task: TaskRow, live: { completedAt: Date; version: string | null } | null, u: UserFacts): TaskState {
  const versionOk = live !== null && (task.version === null || live.version === task.version);
  const data = detect(task.type, u);
  const isCompleted = data ? data.missing.length === 0 && (task.version === null || versionOk) : versionOk;
  return {
    task,
    isCompleted,
    completedAt: live?.completedAt ?? (data && data.missing.length === 0 ? data.since : null),
    completedVersion: live?.version ?? null,
    requiresUpdate: task.version !== null && live !== null && live.version !== task.version,
  };
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
