// Platform-wide security settings: one row. The API speaks snake_case (the reference's field
// names); the table mirrors them one to one.
import type { systemSecurityConfig } from '../../../../db/schema/access';

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

export type GlobalConfigPatch = Partial<Record<GlobalField, number | boolean>>;
