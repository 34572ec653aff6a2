// Security settings: the platform-wide configuration (one row), the IP blacklist, and each
// tenant's browser-facing policy (CORS, CSRF, CSP, HSTS, frame and referrer headers).
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './identity';

/** Platform security settings; exactly one row (`scope = 'global'`), created on first read. */
export const systemSecurityConfig = pgTable('system_security_config', {
  id: uuid('id').primaryKey().defaultRandom(),
  scope: text('scope').notNull().unique().default('global'),
  dosEnabled: boolean('dos_enabled').notNull().default(true),
  dosMaxRequestsPerIp: integer('dos_max_requests_per_ip').notNull().default(10000),
  dosTimeWindowSeconds: integer('dos_time_window_seconds').notNull().default(60),
  dosBlockDurationSeconds: integer('dos_block_duration_seconds').notNull().default(60),
  queueEnabled: boolean('queue_enabled').notNull().default(false),
  queueMaxSize: integer('queue_max_size').notNull().default(1000),
  queueTimeoutMs: integer('queue_timeout_ms').notNull().default(30000),
  ipBlacklistEnabled: boolean('ip_blacklist_enabled').notNull().default(true),
  ipBlacklistAutoBlock: boolean('ip_blacklist_auto_block').notNull().default(true),
  ipBlacklistAutoBlockThreshold: integer('ip_blacklist_auto_block_threshold').notNull().default(50),
  ipBlacklistAutoBlockDurationSeconds: integer('ip_blacklist_auto_block_duration_seconds').notNull().default(900),
  circuitBreakerEnabled: boolean('circuit_breaker_enabled').notNull().default(false),
  circuitBreakerCpuThreshold: integer('circuit_breaker_cpu_threshold').notNull().default(90),
  circuitBreakerDurationSeconds: integer('circuit_breaker_duration_seconds').notNull().default(300),
  circuitBreakerCheckIntervalSeconds: integer('circuit_breaker_check_interval_seconds').notNull().default(10),
  cacheEnabled: boolean('cache_enabled').notNull().default(true),
  cacheMaxEntries: integer('cache_max_entries').notNull().default(10000),
  cacheDefaultTtlSeconds: integer('cache_default_ttl_seconds').notNull().default(300),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/** One entry per IP address (canonical text form). `expires_at` null = permanent. */
export const ipBlacklist = pgTable(
  'ip_blacklist',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ipAddress: text('ip_address').notNull(),
    reason: text('reason'),
    blockedAt: timestamp('blocked_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    autoBlocked: boolean('auto_blocked').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('ip_blacklist_ip_key').on(t.ipAddress), index('ip_blacklist_expires_idx').on(t.expiresAt)],
);

/** A tenant's browser-facing security policy (see modules/access/security/policy/policy.model.ts for fields). */
export const tenantSecurityConfigs = pgTable('tenant_security_configs', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
