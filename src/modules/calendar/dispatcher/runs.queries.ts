// The dispatcher's own records: one row per tick (dispatcher_runs), its alerts, and the figures
// status and health report. Platform-wide tables (no tenant); the figures read across tenants.
import { desc, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { dispatcherAlerts as A, dispatcherRuns as Runs } from '../../../db/schema/calendar';

export type RunRow = typeof Runs.$inferSelect;
export type AlertRow = typeof A.$inferSelect;

export async function insertRun(ctx: BaseContext, trigger: 'cron' | 'manual'): Promise<RunRow> {
  const db = await ctx.db();
  const [row] = await db.insert(Runs).values({ trigger }).returning();
  return row!;
}

export async function completeRun(ctx: BaseContext, id: string, set: Pick<RunRow, 'jobsExecuted' | 'jobsFailed' | 'jobsSkipped' | 'alertsSent' | 'healthStatus'>): Promise<RunRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(Runs)
    .set({ ...set, completedAt: sql`clock_timestamp()`, durationMs: sql`(extract(epoch from clock_timestamp() - ${Runs.startedAt}) * 1000)::int` })
    .where(eq(Runs.id, id))
    .returning();
  return row!;
}

export interface Figures {
  /** Enabled reminders whose trigger time has passed, not yet claimed. */
  backlog: number;
  /** Claimed deliveries past their trigger time, not yet sent (queued or failing). */
  inFlight: number;
  /** How late the oldest due reminder or open delivery is (seconds; 0 when none). */
  lagSeconds: number;
  /** Deliveries that failed within the last hour and wait for a retry. */
  failing: number;
  /** Deliveries that ended in the dead-letter queue within the last 24 hours. */
  dead24h: number;
  openAlerts: number;
  lastCronRunAt: Date | null;
}

/** Everything status and health report, in one statement (partial indexes behind each count). */
export async function figures(ctx: BaseContext): Promise<Figures> {
  const db = await ctx.db();
  const due = sql`is_enabled and deleted_at is null and next_trigger_at is not null and next_trigger_at <= now() and next_target_id is not null`;
  const open = sql`status in ('queued', 'failed') and trigger_at <= now()`;
  const res = await db.execute<{ backlog: number; in_flight: number; oldest: string | null; failing: number; dead: number; alerts: number; last_cron: string | null }>(sql`
    select (select count(*)::int from calendar_reminders where ${due}) as backlog,
      (select count(*)::int from reminder_deliveries where ${open}) as in_flight,
      least((select min(next_trigger_at) from calendar_reminders where ${due}), (select min(trigger_at) from reminder_deliveries where ${open})) as oldest,
      (select count(*)::int from reminder_deliveries where status = 'failed' and updated_at > now() - interval '1 hour') as failing,
      (select count(*)::int from reminder_deliveries where status = 'dead' and updated_at > now() - interval '24 hours') as dead,
      (select count(*)::int from dispatcher_alerts where acknowledged_at is null) as alerts,
      (select max(started_at) from dispatcher_runs where trigger = 'cron') as last_cron`);
  const r = res.rows[0]!;
  const oldest = r.oldest ? new Date(r.oldest) : null;
  return {
    backlog: r.backlog,
    inFlight: r.in_flight,
    lagSeconds: oldest ? Math.max(0, Math.round((Date.now() - oldest.getTime()) / 1000)) : 0,
    failing: r.failing,
    dead24h: r.dead,
    openAlerts: r.alerts,
    lastCronRunAt: r.last_cron ? new Date(r.last_cron) : null,
  };
}

export async function recentRuns(ctx: BaseContext, limit: number): Promise<RunRow[]> {
  const db = await ctx.db();
  return db.select().from(Runs).orderBy(desc(Runs.startedAt)).limit(limit);
}

/** Unacknowledged alerts first, then the newest. */
export async function recentAlerts(ctx: BaseContext, limit: number): Promise<AlertRow[]> {
  const db = await ctx.db();
  return db.select().from(A).orderBy(sql`${A.acknowledgedAt} is not null`, desc(A.createdAt)).limit(limit);
}

/**
 * Raises an alert. With a delivery key: at most one per delivery. Without: at most one open alert
 * of the type per hour. True when a new alert was recorded.
 */
export async function raiseAlert(ctx: BaseContext, a: Pick<AlertRow, 'type' | 'severity' | 'title' | 'message'> & { tenantId?: string | null; deliveryKey?: string | null }): Promise<boolean> {
  const db = await ctx.db();
  const res = await db.execute(sql`
    insert into dispatcher_alerts (tenant_id, type, severity, title, message, delivery_key)
    select ${a.tenantId ?? null}, ${a.type}, ${a.severity}, ${a.title}, ${a.message}, ${a.deliveryKey ?? null}
    where ${a.deliveryKey ?? null}::text is not null or not exists (
      select 1 from dispatcher_alerts where type = ${a.type} and acknowledged_at is null and created_at > now() - interval '1 hour')
    on conflict (delivery_key) where delivery_key is not null do nothing`);
  return (res.rowCount ?? 0) > 0;
}

/** Marks the alert acknowledged by `userId` (the first acknowledgement stays); undefined when unknown. */
export async function acknowledgeAlert(ctx: BaseContext, id: string, userId: string): Promise<{ already: boolean } | undefined> {
  const db = await ctx.db();
  const res = await db.execute<{ already: boolean }>(sql`
    with prior as (select acknowledged_at from dispatcher_alerts where id = ${id} for update)
    update dispatcher_alerts a set acknowledged_at = coalesce(a.acknowledged_at, now()), acknowledged_by = coalesce(a.acknowledged_by, ${userId}::uuid)
    from prior where a.id = ${id}
    returning prior.acknowledged_at is not null as already`);
  return res.rows[0];
}
