// Post-sign-in flow tasks (terms acceptance, profile completion, verification...) per tenant, and
// each user's completions. A completion records the task version it was given for, when and from
// where; a task whose version moved on is pending again. Completions are never deleted by a reset:
// they are marked cleared, so acceptances of terms stay on record.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './identity';

export const FLOW_TASK_TYPES = ['agb', 'profile', 'kyc', 'avatar', 'phone_verification', 'email_verification', 'custom'] as const;
export type FlowTaskType = (typeof FLOW_TASK_TYPES)[number];

export interface FlowTaskText {
  title?: string;
  description?: string;
  buttonText?: string;
}

export const flowTasks = pgTable(
  'flow_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    type: text('type', { enum: FLOW_TASK_TYPES }).notNull(),
    name: text('name').notNull(),
    targetRoute: text('target_route').notNull(),
    /** Ascending: 0 is shown first. */
    priority: integer('priority').notNull().default(0),
    isMandatory: boolean('is_mandatory').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    /** e.g. the terms' version; completions for another version no longer count. */
    version: text('version'),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    i18n: jsonb('i18n').$type<Record<string, FlowTaskText>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('flow_tasks_tenant_order_idx').on(t.tenantId, t.priority, t.createdAt)],
);

export const flowTaskCompletions = pgTable(
  'flow_task_completions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull().references(() => flowTasks.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The task's version when it was completed (null for unversioned tasks). */
    version: text('version'),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when an admin reset the task or the user completed a newer version. */
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedReason: text('cleared_reason', { enum: ['reset', 'superseded'] }),
  },
  (t) => [
    // At most one live completion per user and task.
    uniqueIndex('flow_task_completions_live_key').on(t.taskId, t.userId).where(sql`cleared_at is null`),
    index('flow_task_completions_user_idx').on(t.userId, t.tenantId),
  ],
);
