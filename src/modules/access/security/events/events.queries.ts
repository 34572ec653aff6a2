// Security events, metrics and the security audit log in Postgres. Platform-wide: system
// administrators read every tenant's events (filters may name one).
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../../../context';
import { securityEvents } from '../../../../db/schema/access';
import type { AuditFilter, AuditRow, EventFilter, SecurityEventRow, SecurityMetrics } from './events.model';

/** A page of events (newest first) and the total matching; `ip_address` is canonical. */
export async function listEvents(ctx: BaseContext, f: EventFilter): Promise<{ rows: SecurityEventRow[]; total: number }> {
  const db = await ctx.db();
  const where = and(
    ...([
      f.event_type ? eq(securityEvents.eventType, f.event_type) : undefined,
      f.severity ? eq(securityEvents.severity, f.severity) : undefined,
      f.ip_address ? eq(securityEvents.ipAddress, f.ip_address) : undefined,
      f.user_id ? eq(securityEvents.userId, f.user_id) : undefined,
      f.tenant_id ? eq(securityEvents.tenantId, f.tenant_id) : undefined,
      f.from ? gte(securityEvents.createdAt, new Date(f.from)) : undefined,
      f.to ? lte(securityEvents.createdAt, new Date(f.to)) : undefined,
    ] as (SQL | undefined)[]),
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(securityEvents).where(where).orderBy(desc(securityEvents.createdAt), desc(securityEvents.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(securityEvents).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Blacklist counts (all time) and event counts of the last 24 hours, computed live in one query. */
export async function metrics(ctx: BaseContext): Promise<SecurityMetrics> {
  const db = await ctx.db();
  const res = await db.execute<SecurityMetrics>(sql`
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
  return res.rows[0]!;
}

/** Security events and audit entries that concern security, as one list (see the route's mapping). */
export async function securityAudit(ctx: BaseContext, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const db = await ctx.db();
  const conds: SQL[] = [sql`true`];
  if (f.eventType) conds.push(sql`kind = ${f.eventType}`);
  if (f.userId) conds.push(sql`user_id = ${f.userId}::uuid`);
  if (f.tenantId) conds.push(sql`tenant_id = ${f.tenantId}::uuid`);
  if (f.from) conds.push(sql`ts >= ${f.from}::timestamptz`);
  if (f.to) conds.push(sql`ts <= ${f.to}::timestamptz`);
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
      order by u.ts desc, id desc limit ${f.limit} offset ${f.offset}`),
    db.execute<{ n: number }>(sql`${union} select count(*)::int as n from u where ${where}`),
  ]);
  return { rows: res.rows, total: Number(counted.rows[0]?.n ?? 0) };
}
