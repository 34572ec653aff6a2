// Tables of the tenants area (the `tenants` table itself is in accounts.ts): the lifecycle history,
// the log retention policy and the language sync jobs. All tenant-owned (row-level security, 0013).
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const TENANT_STATUSES = ['active', 'inactive', 'maintenance', 'retired', 'pending'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];
export const TENANT_TYPES = ['system', 'trial', 'paid', 'enterprise'] as const;
export type TenantType = (typeof TENANT_TYPES)[number];
export const SYNC_OPERATIONS = ['add', 'remove', 'comprehensive'] as const;
export const SYNC_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** One row per status or type change (lifecycle endpoints, maintenance through PATCH, deletion). */
export const tenantLifecycleHistory = pgTable(
  'tenant_lifecycle_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    fromType: text('from_type').notNull(),
    toType: text('to_type').notNull(),
    reason: text('reason'),
    performedBy: uuid('performed_by').notNull(),
    createdAt,
  },
  (t) => [index('tenant_lifecycle_history_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** The tenant's audit log retention (30, 60 or 90 days); no row = the default (90). */
export const tenantLogRetention = pgTable('tenant_log_retention', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  retentionDays: integer('retention_days').notNull(),
  updatedBy: uuid('updated_by'),
  createdAt,
  updatedAt,
});

export interface SyncError extends Record<string, unknown> {
  code: string;
  message: string;
}

/** A background language sync (queue `platform-language-sync`): progress and errors as it runs. */
export const tenantLanguageSyncJobs = pgTable(
  'tenant_language_sync_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    operation: text('operation', { enum: SYNC_OPERATIONS }).notNull(),
    languageCode: text('language_code').notNull(),
    status: text('status', { enum: SYNC_STATUSES }).notNull().default('pending'),
    entitiesProcessed: integer('entities_processed').notNull().default(0),
    entitiesTotal: integer('entities_total').notNull().default(0),
    errors: jsonb('errors').$type<SyncError[]>().notNull().default([]),
    requestedBy: uuid('requested_by'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt,
    updatedAt,
  },
  (t) => [index('tenant_language_sync_jobs_tenant_idx').on(t.tenantId, t.createdAt)],
);
