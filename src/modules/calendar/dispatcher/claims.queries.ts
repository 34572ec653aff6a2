// Claiming due reminders (the tick) and finding deliveries lost between claim and queue (the sweep).
// Jobs run on the platform path across tenants: every statement names its tenant when it has one.
import { sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import type { Claimed } from './dispatcher.model';

/** The delivery key of reminders.views.ts `deliveryKeyOf`, computed in SQL (ISO instant in UTC, milliseconds). */
const deliveryKeySql = sql.raw(
  `'rem:' || due.id || ':' || due.next_target_kind || ':' || due.next_target_id || ':' || to_char(due.next_trigger_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
);

const tenantFilter = (column: string, tenantId?: string) => (tenantId ? sql`and ${sql.raw(column)} = ${tenantId}` : sql``);

/**
 * One statement: locks up to `limit` enabled reminders whose trigger falls before now +
 * `lookaheadSeconds` (SKIP LOCKED: an overlapping tick takes others), records their deliveries
 * (queued; an existing key stays as it is) and marks each fired at its trigger time. Returns the
 * reminders claimed and the new deliveries. The caller advances the reminders (refreshNext) in the
 * same transaction.
 */
export async function claimDue(ctx: BaseContext, o: { limit: number; lookaheadSeconds: number; tenantId?: string }): Promise<{ reminderIds: string[]; deliveries: Claimed[] }> {
  const db = await ctx.db();
  const res = await db.execute<{ reminder_ids: string[] | null; deliveries: { k: string; t: string }[] | null }>(sql`
    with due as (
      select r.id, r.tenant_id, r.calendar_id, r.channel, r.next_target_kind, r.next_target_id, r.next_trigger_at
      from calendar_reminders r
      where r.is_enabled and r.deleted_at is null and r.next_trigger_at is not null
        and r.next_trigger_at <= now() + make_interval(secs => ${o.lookaheadSeconds})
        and r.next_target_id is not null ${tenantFilter('r.tenant_id', o.tenantId)}
      order by r.next_trigger_at
      limit ${o.limit}
      for update of r skip locked
    ), fired as (
      update calendar_reminders r set last_triggered_at = due.next_trigger_at, claimed_at = now(), updated_at = now()
      from due where r.id = due.id
      returning r.id
    ), ins as (
      insert into reminder_deliveries (delivery_key, tenant_id, reminder_id, calendar_id, channel, target_kind, target_id, trigger_at)
      select ${deliveryKeySql}, due.tenant_id, due.id, due.calendar_id, due.channel, due.next_target_kind, due.next_target_id, due.next_trigger_at from due
      on conflict (delivery_key) do nothing
      returning delivery_key, trigger_at
    )
    select (select array_agg(id) from fired) as reminder_ids,
      (select json_agg(json_build_object('k', delivery_key, 't', trigger_at)) from ins) as deliveries`);
  const row = res.rows[0];
  return { reminderIds: row?.reminder_ids ?? [], deliveries: (row?.deliveries ?? []).map((d) => ({ deliveryKey: d.k, triggerAt: new Date(d.t) })) };
}

/**
 * Deliveries still open `minutes` after their trigger and untouched as long (the tick crashed
 * between commit and queue, or the queue lost a retry): touched, and returned to be queued again.
 * The consumer's lock and status check make a second message for one key harmless.
 */
export async function staleDeliveries(ctx: BaseContext, o: { minutes: number; limit: number; tenantId?: string }): Promise<Claimed[]> {
  const db = await ctx.db();
  const res = await db.execute<{ delivery_key: string; trigger_at: string }>(sql`
    update reminder_deliveries d set updated_at = now()
    where d.delivery_key in (
      select s.delivery_key from reminder_deliveries s
      where s.status in ('queued', 'failed') and s.trigger_at < now() - make_interval(mins => ${o.minutes})
        and s.updated_at < now() - make_interval(mins => ${o.minutes}) ${tenantFilter('s.tenant_id', o.tenantId)}
      order by s.trigger_at limit ${o.limit}
      for update skip locked)
    returning d.delivery_key, d.trigger_at`);
  return res.rows.map((r) => ({ deliveryKey: r.delivery_key, triggerAt: new Date(r.trigger_at) }));
}
