// Security events, metrics and the security audit log (system administrators).
import { z } from '@hono/zod-openapi';
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { securityEvents } from '../../db/schema/identity';
import { ApiError } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';
import { canonicalIp } from './ip';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const AUDIT_KINDS = ['login_failed', 'permission_denied', 'api_key_used', 'admin_action'] as const;

const timeRange = {
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'At or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'At or before this time' }),
};

function checkRange(q: { from?: string; to?: string }) {
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid query: from', { location: 'query', fields: { from: ['must not be after `to`'] } });
  }
}

const events = contractRoute(contract.getSystemSecurityEvents, {
  description:
    'Security events across the platform, newest first (`created_at`, then `id`), with the total matching. ' +
    'Event types written today: `login_failed`, `login_blocked` (sign-in throttle engaged), `login_succeeded`, ' +
    '`refresh_token_reuse`, `permission_denied`, `csrf_rejected`, `ip_blocked`, `ip_unblocked`, `ip_auto_blocked`. ' +
    'Filters: `event_type`, `severity`, `ip_address`, `user_id`, `tenant_id`, `from` / `to` (inclusive). ' +
    'System administrators only.',
  auth: { systemAdmin: true },
  request: {
    query: z.object({
      event_type: z.string().min(1).max(64).optional(),
      severity: z.enum(SEVERITIES).optional(),
      ip_address: z.string().max(45).optional(),
      user_id: z.uuid().optional(),
      tenant_id: z.uuid().optional(),
      ...timeRange,
      ...limitOffsetQuery(50, 500),
    }),
  },
});

const metrics = contractRoute(contract.getSystemSecurityMetrics, {
  description:
    'Blacklist and event counts, computed live. `total_blocked_ips`: all entries, expired ones included; ' +
    '`active_blocked_ips`: permanent or not yet expired, which splits into `permanent_blocks` (no expiry) and ' +
    '`temporary_blocks` (expiry in the future); `auto_blocked_count`: entries created by auto-blocking (all). ' +
    '`events_last_24h`, `events_by_type` and `events_by_severity` count security events of the last 24 hours. ' +
    'System administrators only.',
  auth: { systemAdmin: true },
});

const audit = contractRoute(contract.getSystemLogsSecurityAudit, {
  description:
    'Security-relevant activity in one list, newest first (`timestamp`, then `id`), with pagination. Mapping: ' +
    '`login_failed` ← security events `login_failed`; `permission_denied` ← events `permission_denied` and ' +
    '`csrf_rejected`; `api_key_used` ← events `api_key_used` and audit entries made with an API key; ' +
    '`admin_action` ← events `ip_blocked` / `ip_unblocked` and audit entries of platform-level actions (no ' +
    'tenant, an action starting with `system.`, or any change through `/api/v1/system/*`). `id` is the source row\'s id; `details` holds the source ' +
    '(`security_event` or `audit_log`), its type/action, and its own details. Filters: `eventType`, `userId`, ' +
    '`tenantId`, `from` / `to` (inclusive). System administrators only.',
  auth: { systemAdmin: true },
  request: {
    query: z.object({
      eventType: z.enum(AUDIT_KINDS).optional(),
      userId: z.uuid().optional(),
      tenantId: z.uuid().optional(),
      ...timeRange,
      ...limitOffsetQuery(50, 500),
    }),
  },
});

interface AuditRow extends Record<string, unknown> {
  id: string;
  ts: string;
  kind: (typeof AUDIT_KINDS)[number];
  user_id: string | null;
  tenant_id: string | null;
  details: Record<string, unknown>;
}

export const eventRoutes = newRouter()
  .openapi(events, async (c) => {
    const q = c.req.valid('query');
    checkRange(q);
    let ip: string | undefined;
    if (q.ip_address) {
      const canon = canonicalIp(q.ip_address);
      if (!canon) throw new ApiError('VALIDATION_ERROR', 'Invalid query: ip_address', { location: 'query', fields: { ip_address: ['not an IPv4 or IPv6 address'] } });
      ip = canon;
    }
    await principal(c);
    const db = await c.var.db();
    const where = and(
      ...([
        q.event_type ? eq(securityEvents.eventType, q.event_type) : undefined,
        q.severity ? eq(securityEvents.severity, q.severity) : undefined,
        ip ? eq(securityEvents.ipAddress, ip) : undefined,
        q.user_id ? eq(securityEvents.userId, q.user_id) : undefined,
        q.tenant_id ? eq(securityEvents.tenantId, q.tenant_id) : undefined,
        q.from ? gte(securityEvents.createdAt, new Date(q.from)) : undefined,
        q.to ? lte(securityEvents.createdAt, new Date(q.to)) : undefined,
      ] as (SQL | undefined)[]),
    );
    const [rows, [total]] = await Promise.all([
      db.select().from(securityEvents).where(where).orderBy(desc(securityEvents.createdAt), desc(securityEvents.id)).limit(q.limit).offset(q.offset),
      db.select({ n: count() }).from(securityEvents).where(where),
    ]);
    return c.json(
      {
        data: {
          events: rows.map((e) => ({
            id: e.id,
            event_type: e.eventType,
            ip_address: e.ipAddress,
            user_id: e.userId,
            tenantId: e.tenantId,
            details: e.details,
            severity: e.severity,
            created_at: e.createdAt.toISOString(),
          })),
          total: total?.n ?? 0,
        },
      },
      200,
    );
  })
  .openapi(metrics, async (c) => {
    await principal(c);
    const db = await c.var.db();
    const res = await db.execute<{
      total: number;
      active: number;
      permanent: number;
      temporary: number;
      auto: number;
      events: number;
      by_type: Record<string, number>;
      by_severity: Record<string, number>;
    }>(sql`
      with b as (select expires_at, auto_blocked from ip_blacklist),
           e as (select event_type, severity from security_events where created_at > now() - interval '24 hours')
      select (select count(*) from b)::int as total,
             (select count(*) from b where expires_at is null or expires_at > now())::int as active,
             (select count(*) from b where expires_at is null)::int as permanent,
             (select count(*) from b where expires_at > now())::int as temporary,
             (select count(*) from b where auto_blocked)::int as auto,
             (select count(*) from e)::int as events,
             coalesce((select json_object_agg(event_type, n) from (select event_type, count(*)::int n from e group by 1) t), '{}'::json) as by_type,
             coalesce((select json_object_agg(severity, n) from (select severity, count(*)::int n from e group by 1) t), '{}'::json) as by_severity`);
    const r = res.rows[0]!;
    return c.json(
      {
        data: {
          total_blocked_ips: r.total,
          active_blocked_ips: r.active,
          permanent_blocks: r.permanent,
          temporary_blocks: r.temporary,
          auto_blocked_count: r.auto,
          events_last_24h: r.events,
          events_by_type: r.by_type,
          events_by_severity: r.by_severity,
        },
      },
      200,
    );
  })
  .openapi(audit, async (c) => {
    const q = c.req.valid('query');
    checkRange(q);
    await principal(c);
    const db = await c.var.db();
    const conds: SQL[] = [sql`true`];
    if (q.eventType) conds.push(sql`kind = ${q.eventType}`);
    if (q.userId) conds.push(sql`user_id = ${q.userId}::uuid`);
    if (q.tenantId) conds.push(sql`tenant_id = ${q.tenantId}::uuid`);
    if (q.from) conds.push(sql`ts >= ${q.from}::timestamptz`);
    if (q.to) conds.push(sql`ts <= ${q.to}::timestamptz`);
    const union = sql`
      with u as (
        select id, created_at as ts,
               case when event_type = 'login_failed' then 'login_failed'
                    when event_type in ('permission_denied', 'csrf_rejected') then 'permission_denied'
                    when event_type = 'api_key_used' then 'api_key_used'
                    else 'admin_action' end as kind,
               user_id, tenant_id,
               jsonb_build_object('source', 'security_event', 'event_type', event_type, 'severity', severity, 'ip_address', ip_address, 'details', details) as details
        from security_events
        where event_type in ('login_failed', 'permission_denied', 'csrf_rejected', 'api_key_used', 'ip_blocked', 'ip_unblocked')
        union all
        select id, created_at,
               case when actor_type = 'api_key' then 'api_key_used' else 'admin_action' end,
               case when actor_type in ('user', 'app_account') then actor_id end,
               tenant_id,
               jsonb_build_object('source', 'audit_log', 'action', action, 'actor_type', actor_type, 'actor_id', actor_id,
                                  'resource_type', resource_type, 'resource_id', resource_id, 'ip_address', ip_address,
                                  'request_id', request_id, 'details', details)
        from audit_logs
        where actor_type = 'api_key' or tenant_id is null or action like 'system.%' or action like '% /api/v1/system/%'
      )`;
    const where = sql.join(conds, sql` and `);
    const [res, counted] = await Promise.all([
      db.execute<AuditRow>(sql`${union}
        select id, to_json(ts)#>>'{}' as ts, kind, user_id, tenant_id, details from u where ${where}
        order by u.ts desc, id desc limit ${q.limit} offset ${q.offset}`),
      db.execute<{ n: number }>(sql`${union} select count(*)::int as n from u where ${where}`),
    ]);
    const total = Number(counted.rows[0]?.n ?? 0);
    const data = res.rows.map((r) => ({
      id: r.id,
      timestamp: new Date(r.ts).toISOString(),
      eventType: r.kind,
      userId: r.user_id,
      tenantId: r.tenant_id,
      details: r.details,
    }));
    return c.json({ data, pagination: { total, limit: q.limit, offset: q.offset, hasMore: q.offset + data.length < total } }, 200);
  });
