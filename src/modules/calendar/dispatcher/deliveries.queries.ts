// One delivery as the queue consumer sees it: the row (locked), what it reminds of, who it reaches,
// and its outcome. Platform path: every statement is keyed by the delivery, its tenant named.
import { sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import type { DeliveryStatus, ReminderChannel, ReminderTargetKind } from '../../../db/schema/calendar';

export interface DeliveryState {
  deliveryKey: string;
  tenantId: string;
  reminderId: string;
  calendarId: string;
  channel: ReminderChannel;
  targetKind: ReminderTargetKind;
  targetId: string;
  triggerAt: Date;
  status: DeliveryStatus;
  attempts: number;
  reminder: { live: boolean; enabled: boolean; offsetMinutes: number; createdBy: string | null; isEntryReminder: boolean };
  calendar: { name: string; live: boolean };
  /** Undefined when the target row is gone. `entryId`: the entry whose participants are reminded (a series' root). */
  target?: { entryId: string; title: string; startsAt: Date; endsAt: Date; timezone: string; isAllDay: boolean; live: boolean; ownerUserId: string | null };
}

type Raw = {
  delivery_key: string;
  tenant_id: string;
  reminder_id: string;
  calendar_id: string;
  channel: ReminderChannel;
  target_kind: ReminderTargetKind;
  target_id: string;
  trigger_at: string;
  status: DeliveryStatus;
  attempts: number;
  r_live: boolean;
  r_enabled: boolean;
  offset_minutes: number;
  r_created_by: string | null;
  r_entry: boolean;
  c_name: string;
  c_live: boolean;
  t: { entryId: string; title: string; startsAt: string; endsAt: string; timezone: string; isAllDay: boolean; live: boolean; ownerUserId: string | null } | null;
};

/**
 * The delivery `key` with everything its sending needs, in one statement, its row locked for this
 * transaction. Undefined when the key is unknown or another consumer holds it right now (SKIP
 * LOCKED: that one decides).
 */
export async function lockDelivery(ctx: BaseContext, key: string): Promise<DeliveryState | undefined> {
  const db = await ctx.db();
  const res = await db.execute<Raw>(sql`
    select d.delivery_key, d.tenant_id, d.reminder_id, d.calendar_id, d.channel, d.target_kind, d.target_id, d.trigger_at, d.status, d.attempts,
      r.deleted_at is null as r_live, r.is_enabled as r_enabled, r.offset_minutes, r.created_by as r_created_by, r.calendar_entry_id is not null as r_entry,
      c.name as c_name, c.deleted_at is null as c_live,
      (select json_build_object('entryId', e.id, 'title', e.title, 'startsAt', e.starts_at, 'endsAt', e.ends_at, 'timezone', e.timezone, 'isAllDay', e.is_all_day,
          'live', e.deleted_at is null and e.status <> 'cancelled', 'ownerUserId', e.owner_user_id)
        from calendar_entries e where d.target_kind = 'entry' and e.id = d.target_id and e.tenant_id = d.tenant_id
       union all
       select json_build_object('entryId', e.id, 'title', coalesce(i.title_override, e.title), 'startsAt', i.starts_at, 'endsAt', i.ends_at, 'timezone', i.timezone, 'isAllDay', i.is_all_day,
          'live', e.deleted_at is null and i.instance_state <> 'cancelled' and i.status <> 'cancelled', 'ownerUserId', e.owner_user_id)
        from recurrence_instances i join calendar_entries e on e.id = i.source_entry_id
        where d.target_kind = 'recurrence_instance' and i.id = d.target_id and i.tenant_id = d.tenant_id
       limit 1) as t
    from reminder_deliveries d
    join calendar_reminders r on r.id = d.reminder_id and r.tenant_id = d.tenant_id
    join calendars c on c.id = d.calendar_id and c.tenant_id = d.tenant_id
    where d.delivery_key = ${key}
    for update of d skip locked`);
  const r = res.rows[0];
  if (!r) return undefined;
  return {
    deliveryKey: r.delivery_key,
    tenantId: r.tenant_id,
    reminderId: r.reminder_id,
    calendarId: r.calendar_id,
    channel: r.channel,
    targetKind: r.target_kind,
    targetId: r.target_id,
    triggerAt: new Date(r.trigger_at),
    status: r.status,
    attempts: r.attempts,
    reminder: { live: r.r_live, enabled: r.r_enabled, offsetMinutes: r.offset_minutes, createdBy: r.r_created_by, isEntryReminder: r.r_entry },
    calendar: { name: r.c_name, live: r.c_live },
    target: r.t ? { ...r.t, startsAt: new Date(r.t.startsAt), endsAt: new Date(r.t.endsAt) } : undefined,
  };
}

export interface Recipient {
  userId: string;
  email: string;
  /** The number of the user's enabled SMS second factor: the only phone number the platform has verified. */
  phone: string | null;
}

/**
 * Who a reminder reaches: the entry's participants who did not decline (users named, and members
 * of groups named, less those who declined for themselves); with no participants at all, the
 * entry's owner or else the reminder's author. Active members of the tenant only.
 */
export async function recipients(ctx: BaseContext, tenantId: string, entryId: string, fallback: (string | null)[]): Promise<Recipient[]> {
  const db = await ctx.db();
  const fallbackIds = fallback.filter((id): id is string => !!id);
  const res = await db.execute<{ id: string; email: string; phone: string | null }>(sql`
    with p as (
      select actor_user_id, actor_group_id, response_status from calendar_entry_participants
      where tenant_id = ${tenantId} and calendar_entry_id = ${entryId} and deleted_at is null
    ), ids as (
      select actor_user_id as id from p where actor_user_id is not null and response_status <> 'declined'
      union
      select gm.user_id from p join group_members gm on gm.group_id = p.actor_group_id and gm.tenant_id = ${tenantId}
      where not exists (select 1 from p d where d.actor_user_id = gm.user_id and d.response_status = 'declined')
      union
      (select f.id from unnest(${`{${fallbackIds.join(',')}}`}::uuid[]) with ordinality f(id, n) where not exists (select 1 from p) order by f.n limit 1)
    )
    select u.id, u.email,
      (select m.delivery_target from mfa_methods m where m.user_id = u.id and m.method = 'sms' and m.enabled_at is not null) as phone
    from ids join users u on u.id = ids.id
    where u.deleted_at is null and u.status = 'active'
      and exists (select 1 from memberships ms where ms.user_id = u.id and ms.tenant_id = ${tenantId} and ms.status = 'active')
    order by u.id`);
  return res.rows.map((r) => ({ userId: r.id, email: r.email, phone: r.phone }));
}

/** Records the outcome of one attempt (`sent`, `skipped` with its reason, `failed` with the error). */
export async function recordOutcome(ctx: BaseContext, key: string, status: 'sent' | 'skipped' | 'failed', note: string | null): Promise<void> {
  const db = await ctx.db();
  await db.execute(sql`
    update reminder_deliveries set status = ${status}, attempts = attempts + 1, last_error = ${note},
      sent_at = case when ${status} = 'sent' then now() else sent_at end, updated_at = now()
    where delivery_key = ${key} and status in ('queued', 'failed')`);
}

/** A dead letter: the delivery ends `dead` (unless it ended otherwise meanwhile); undefined when it had. */
export async function markDead(ctx: BaseContext, key: string): Promise<{ tenantId: string; channel: string; lastError: string | null } | undefined> {
  const db = await ctx.db();
  const res = await db.execute<{ tenant_id: string; channel: string; last_error: string | null }>(sql`
    update reminder_deliveries set status = 'dead', updated_at = now()
    where delivery_key = ${key} and status in ('queued', 'failed')
    returning tenant_id, channel, last_error`);
  const r = res.rows[0];
  return r && { tenantId: r.tenant_id, channel: r.channel, lastError: r.last_error };
}

/**
 * An entry reminder claimed for a target that then moved: it has not fired after all, so it
 * targets the entry's new time again (the caller recomputes its next trigger).
 */
export async function unfire(ctx: BaseContext, tenantId: string, reminderId: string, firedAt: Date): Promise<boolean> {
  const db = await ctx.db();
  const res = await db.execute(sql`
    update calendar_reminders set last_triggered_at = null, updated_at = now()
    where tenant_id = ${tenantId} and id = ${reminderId} and calendar_entry_id is not null and last_triggered_at = ${firedAt}::timestamptz`);
  return (res.rowCount ?? 0) > 0;
}
