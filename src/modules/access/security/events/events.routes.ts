// Security events, metrics and the security audit log (system administrators): the routes and
// their filters.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/access';
import { contractRoute } from '../../../../http/route';
import { limitOffsetQuery } from '../../../../lib/pagination';
import { AUDIT_KINDS, SEVERITIES } from './events.model';

const timeRange = {
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'At or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'At or before this time' }),
};

export const eventsQuery = z.object({
  event_type: z.string().min(1).max(64).optional(),
  severity: z.enum(SEVERITIES).optional(),
  ip_address: z.string().max(45).optional(),
  user_id: z.uuid().optional(),
  tenant_id: z.uuid().optional(),
  ...timeRange,
  ...limitOffsetQuery(50, 500),
});

export const auditQuery = z.object({
  eventType: z.enum(AUDIT_KINDS).optional(),
  userId: z.uuid().optional(),
  tenantId: z.uuid().optional(),
  ...timeRange,
  ...limitOffsetQuery(50, 500),
});

export const events = contractRoute(contract.getSystemSecurityEvents, {
  description:
    'Security events across the platform, newest first (`created_at`, then `id`), with the total matching. ' +
    'Event types written today: `login_failed`, `login_blocked` (sign-in throttle engaged), `login_succeeded`, ' +
    '`refresh_token_reuse`, `permission_denied`, `csrf_rejected`, `ip_blocked`, `ip_unblocked`, `ip_auto_blocked`. ' +
    'Filters: `event_type`, `severity`, `ip_address`, `user_id`, `tenant_id`, `from` / `to` (inclusive). ' +
    'System administrators only.',
  auth: { systemAdmin: true },
  request: { query: eventsQuery },
});

export const metrics = contractRoute(contract.getSystemSecurityMetrics, {
  description:
    'Blacklist and event counts, computed live. `total_blocked_ips`: all entries, expired ones included; ' +
    '`active_blocked_ips`: permanent or not yet expired, which splits into `permanent_blocks` (no expiry) and ' +
    '`temporary_blocks` (expiry in the future); `auto_blocked_count`: entries created by auto-blocking (all). ' +
    '`events_last_24h`, `events_by_type` and `events_by_severity` count security events of the last 24 hours. ' +
    'System administrators only.',
  auth: { systemAdmin: true },
});

export const audit = contractRoute(contract.getSystemLogsSecurityAudit, {
  description:
    'Security-relevant activity in one list, newest first (`timestamp`, then `id`), with pagination. Mapping: ' +
    '`login_failed` ← security events `login_failed`; `permission_denied` ← events `permission_denied` and ' +
    '`csrf_rejected`; `api_key_used` ← events `api_key_used` and audit entries made with an API key; ' +
    '`admin_action` ← events `ip_blocked` / `ip_unblocked` and audit entries of platform-level actions (no ' +
    'tenant, an action starting with `system.`, or any change through `/api/v1/system/*`). `id` is the source row\'s id; `details` holds the source ' +
    '(`security_event` or `audit_log`), its type/action, and its own details. Filters: `eventType`, `userId`, ' +
    '`tenantId`, `from` / `to` (inclusive). System administrators only.',
  auth: { systemAdmin: true },
  request: { query: auditQuery },
});
