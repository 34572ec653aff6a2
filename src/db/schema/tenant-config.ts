// Tables of the tenant configuration area: settings by category (with their change history), rate-limit
// configurations, feature states, and the daily and monthly usage metrics the cron job computes.
// The `security` category's sign-in rules live in tenants.auth_config (one truth, read by the accounts
// area); its other keys live here.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const SETTINGS_CATEGORIES = ['general', 'limits', 'integrations', 'notifications', 'security'] as const;
export type SettingsCategory = (typeof SETTINGS_CATEGORIES)[number];

export const tenantSettings = pgTable(
  'tenant_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    category: text('category', { enum: SETTINGS_CATEGORIES }).notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('tenant_settings_tenant_category').on(t.tenantId, t.category)],
);

export const tenantSettingsHistory = pgTable(
  'tenant_settings_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    category: text('category', { enum: SETTINGS_CATEGORIES }).notNull(),
    settingsBefore: jsonb('settings_before').$type<Record<string, unknown>>(),
    settingsAfter: jsonb('settings_after').$type<Record<string, unknown>>().notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changeReason: text('change_reason'),
    ipAddress: text('ip_address'),
  },
  (t) => [index('tenant_settings_history_tenant').on(t.tenantId, t.changedAt)],
);

export const RATE_LIMIT_SCOPES = ['per_ip', 'per_user', 'per_device', 'per_app_account', 'per_tenant'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

export const tenantRateLimits = pgTable(
  'tenant_rate_limits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    endpointPattern: text('endpoint_pattern').notNull(),
    maxRequests: integer('max_requests').notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    scopeType: text('scope_type', { enum: RATE_LIMIT_SCOPES }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt,
    updatedAt,
  },
  (t) => [
    index('tenant_rate_limits_tenant').on(t.tenantId),
    check('tenant_rate_limits_positive', sql`${t.maxRequests} >= 1 and ${t.windowSeconds} >= 1`),
  ],
);

export const tenantFeatures = pgTable(
  'tenant_features',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    featureKey: text('feature_key').notNull(),
    enabled: boolean('enabled').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    changedBy: uuid('changed_by'),
    changedReason: text('changed_reason'),
    updatedAt,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.featureKey] })],
);

export const tenantMetricsDaily = pgTable(
  'tenant_metrics_daily',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    metricDate: date('metric_date').notNull(),
    usersTotal: integer('users_total').notNull().default(0),
    usersActive: integer('users_active').notNull().default(0),
    spacesTotal: integer('spaces_total').notNull().default(0),
    spacesActive: integer('spaces_active').notNull().default(0),
    resourcesTotal: integer('resources_total').notNull().default(0),
    resourcesActive: integer('resources_active').notNull().default(0),
    storageBytes: bigint('storage_bytes', { mode: 'number' }).notNull().default(0),
    apiCalls: bigint('api_calls', { mode: 'number' }),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('tenant_metrics_daily_tenant_date').on(t.tenantId, t.metricDate)],
);

export const tenantMetricsMonthly = pgTable(
  'tenant_metrics_monthly',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    usersAverage: integer('users_average').notNull().default(0),
    usersPeak: integer('users_peak').notNull().default(0),
    spacesAverage: integer('spaces_average').notNull().default(0),
    spacesPeak: integer('spaces_peak').notNull().default(0),
    resourcesAverage: integer('resources_average').notNull().default(0),
    resourcesPeak: integer('resources_peak').notNull().default(0),
    storageAverageBytes: bigint('storage_average_bytes', { mode: 'number' }).notNull().default(0),
    storagePeakBytes: bigint('storage_peak_bytes', { mode: 'number' }).notNull().default(0),
    totalApiCalls: bigint('total_api_calls', { mode: 'number' }),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('tenant_metrics_monthly_tenant_month').on(t.tenantId, t.year, t.month)],
);
