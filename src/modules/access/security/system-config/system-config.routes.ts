// GET/PATCH /system/security/config: platform-wide security settings. The routes, and which
// settings are enforced today.
import * as contract from '../../../../contract/access';
import { contractRoute } from '../../../../http/route';

const ENFORCED =
  'Enforced today: `ip_blacklist_enabled` (blocked IPs answer 403 before any other work), ' +
  '`ip_blacklist_auto_block`, `ip_blacklist_auto_block_threshold` (failed sign-ins from one IP within an hour, ' +
  'refused attempts included), `ip_blacklist_auto_block_duration_seconds`, and the `dos_*` flood limit (each ' +
  'isolate counts requests per IP; past `dos_max_requests_per_ip` within `dos_time_window_seconds` the request ' +
  'answers 429 and the IP is blacklisted for `dos_block_duration_seconds`). The queue, circuit-breaker and cache ' +
  'settings describe a long-running server and have no equivalent in Workers (no request queue to bound, no CPU ' +
  'gauge, per-isolate caches sized by the runtime): they are stored and validated only. Changes apply without a ' +
  'restart: at once in the isolate that made them, within SECURITY_CACHE_SECONDS (default 5 s) elsewhere; ' +
  'auto-blocking reads the settings fresh on every failed sign-in.';

export const get = contractRoute(contract.getSystemSecurityConfig, {
  description: `Platform-wide security settings (created with defaults on first read). ${ENFORCED} System administrators only.`,
  auth: { systemAdmin: true },
  // Creates the defaults on first read: a GET that writes.
  writes: true,
});

export const patch = contractRoute(contract.patchSystemSecurityConfig, {
  description:
    'Changes the given settings; others keep their values. Ranges: dos_max_requests_per_ip 100-100000, ' +
    'dos_time_window_seconds 60-3600, dos_block_duration_seconds 60-86400, queue_max_size 100-50000, ' +
    'queue_timeout_ms 1000-120000, ip_blacklist_auto_block_threshold 3-100, ' +
    'ip_blacklist_auto_block_duration_seconds 300-604800, circuit_breaker_cpu_threshold 50-99, ' +
    'circuit_breaker_duration_seconds 60-3600, circuit_breaker_check_interval_seconds 5-60, cache_max_entries ' +
    '100-100000, cache_default_ttl_seconds 60-3600; all numbers are whole numbers. Out of range or unknown ' +
    `fields answer 400 and change nothing. \`updated_by\` records the administrator. ${ENFORCED} System administrators only.`,
  auth: { systemAdmin: true },
});
