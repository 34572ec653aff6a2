// The post-sign-in flow vocabulary shared by routes, handlers and the services (no ORM for their importers).
export { FLOW_TASK_TYPES, type FlowTaskText, type FlowTaskType } from '../../../db/schema/accounts';
import type { flowTasks } from '../../../db/schema/accounts';

export type TaskRow = typeof flowTasks.$inferSelect;

export const MAX_TASKS_PER_TENANT = 100;
export const PROCEED_TARGET = 'dashboard';

/** What the data-detected task types read of the user. */
export interface UserFacts {
  emailConfirmedAt: Date | null;
  avatarSource: 'none' | 'uploaded' | 'remote';
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface TaskState {
  task: TaskRow;
  isCompleted: boolean;
  completedAt: Date | null;
  completedVersion: string | null;
  requiresUpdate: boolean;
}
