// Platform-wide security settings: one row, created with the defaults on first read. The API
// speaks snake_case (the reference's field names); the table mirrors them one to one.
import type { z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import type { getSystemSecurityConfig } from '../../contract/access';
import type { Database } from '../../db/client';
import { systemSecurityConfig } from '../../db/schema/security';
import type { Tx } from '../../db/tx';

export type GlobalConfigRow = typeof systemSecurityConfig.$inferSelect;

/** API field name → column key, with the range the PATCH accepts (from the reference). */
export const GLOBAL_FIELDS = {
  dos_enabled: 'dosEnabled',
  dos_max_requests_per_ip: 'dosMaxRequestsPerIp',
  dos_time_window_seconds: 'dosTimeWindowSeconds',
  dos_block_duration_seconds: 'dosBlockDurationSeconds',
  queue_enabled: 'queueEnabled',
  queue_max_size: 'queueMaxSize',
  queue_timeout_ms: 'queueTimeoutMs',
  ip_blacklist_enabled: 'ipBlacklistEnabled',
  ip_blacklist_auto_block: 'ipBlacklistAutoBlock',
  ip_blacklist_auto_block_threshold: 'ipBlacklistAutoBlockThreshold',
  ip_blacklist_auto_block_duration_seconds: 'ipBlacklistAutoBlockDurationSeconds',
  circuit_breaker_enabled: 'circuitBreakerEnabled',
  circuit_breaker_cpu_threshold: 'circuitBreakerCpuThreshold',
  circuit_breaker_duration_seconds: 'circuitBreakerDurationSeconds',
  circuit_breaker_check_interval_seconds: 'circuitBreakerCheckIntervalSeconds',
  cache_enabled: 'cacheEnabled',
  cache_max_entries: 'cacheMaxEntries',
  cache_default_ttl_seconds: 'cacheDefaultTtlSeconds',
} as const satisfies Record<string, keyof GlobalConfigRow>;

export type GlobalField = keyof typeof GLOBAL_FIELDS;

export async function getGlobalConfig(db: Database | Tx): Promise<GlobalConfigRow> {
  const [row] = await db.select().from(systemSecurityConfig).where(eq(systemSecurityConfig.scope, 'global'));
  if (row) return row;
  await db.insert(systemSecurityConfig).values({ scope: 'global' }).onConflictDoNothing();
  const [created] = await db.select().from(systemSecurityConfig).where(eq(systemSecurityConfig.scope, 'global'));
  return created!;
}

export async function updateGlobalConfig(db: Database | Tx, patch: Partial<Record<GlobalField, number | boolean>>, userId: string): Promise<GlobalConfigRow> {
  await getGlobalConfig(db);
  const set: Record<string, unknown> = { updatedAt: sql`now()`, updatedBy: userId };
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined && field in GLOBAL_FIELDS) set[GLOBAL_FIELDS[field as GlobalField]] = value;
  }
  const [row] = await db.update(systemSecurityConfig).set(set).where(eq(systemSecurityConfig.scope, 'global')).returning();
  return row!;
}

export function globalConfigToApi(row: GlobalConfigRow) {
  const out: Record<string, unknown> = { id: row.id };
  for (const [field, key] of Object.entries(GLOBAL_FIELDS)) out[field] = row[key];
  out.created_at = row.createdAt.toISOString();
  out.updated_at = row.updatedAt.toISOString();
  out.updated_by = row.updatedBy;
  return out as NonNullable<z.infer<(typeof getSystemSecurityConfig.responses)[200]>['data']>;
}
