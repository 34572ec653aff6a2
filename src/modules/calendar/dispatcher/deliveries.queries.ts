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
 * The deliveries `keys` with everything their sending needs, in one statement, their rows locked
 * for this transaction. Keys unknown or held by another consumer right now (SKIP LOCKED: that one
 * decides) are left out.
 */
export async function lockDeliveries(ctx: BaseContext, keys: string[]): Promise<DeliveryState[]> {
  if (!keys.length) return [];
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
    where d.delivery_key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
    for update of d skip locked`);
  return res.rows.map(toState);
}

/** One delivery, as `lockDeliveries`; undefined when unknown or held by another consumer. */
export async function lockDelivery(ctx: BaseContext, key: string): Promise<DeliveryState | undefined> {
  return (await lockDeliveries(ctx, [key]))[0];
}

function toState(r: Raw): DeliveryState {
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

/** Whom to remind for one entry: its id, tenant, and who stands in when it has no participants. */
export interface RecipientAsk {
  tenantId: string;
  entryId: string;
  /** The entry's owner, the reminder's author: the first one given is reminded when nobody participates. */
  fallback: (string | null)[];
}

/**
 * Who reminders reach, for many entries in one statement (by entry id): the entry's participants
 * who did not decline (users named, and members of groups named, less those who declined for
 * themselves); with no participants at all, the entry's owner or else the reminder's author.
 * Active members of the tenant only.
 */
export async function recipientsOf(ctx: BaseContext, asks: RecipientAsk[]): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>(asks.map((a) => [a.entryId, []]));
  if (!asks.length) return out;
  const db = await ctx.db();
  const input = [...new Map(asks.map((a) => [a.entryId, { entry_id: a.entryId, tenant_id: a.tenantId, fallback: a.fallback.filter((id): id is string => !!id) }])).values()];
  const res = await db.execute<{ entry_id: string; id: string; email: string; phone: string | null }>(sql`
    select a.entry_id, u.id, u.email,
      (select m.delivery_target from mfa_methods m where m.user_id = u.id and m.method = 'sms' and m.enabled_at is not null) as phone
    from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as a(entry_id uuid, tenant_id uuid, fallback uuid[])
    cross join lateral (
      with p as (
        select actor_user_id, actor_group_id, response_status from calendar_entry_participants
        where tenant_id = a.tenant_id and calendar_entry_id = a.entry_id and deleted_at is null
      )
      select actor_user_id as id from p where actor_user_id is not null and response_status <> 'declined'
      union
      select gm.user_id from p join group_members gm on gm.group_id = p.actor_group_id and gm.tenant_id = a.tenant_id
      where not exists (select 1 from p d where d.actor_user_id = gm.user_id and d.response_status = 'declined')
      union
      (select f.id from unnest(a.fallback) with ordinality f(id, n) where not exists (select 1 from p) order by f.n limit 1)
    ) ids
    join users u on u.id = ids.id
    where u.deleted_at is null and u.status = 'active'
      and exists (select 1 from memberships ms where ms.user_id = u.id and ms.tenant_id = a.tenant_id and ms.status = 'active')
    order by a.entry_id, u.id`);
  for (const r of res.rows) out.get(r.entry_id)?.push({ userId: r.id, email: r.email, phone: r.phone });
  return out;
}

/** `recipientsOf` for one entry. */
export async function recipients(ctx: BaseContext, tenantId: string, entryId: string, fallback: (string | null)[]): Promise<Recipient[]> {
  return (await recipientsOf(ctx, [{ tenantId, entryId, fallback }])).get(entryId) ?? [];
}

export interface AttemptOutcome {
  key: string;
  status: 'sent' | 'skipped' | 'failed';
  /** The skip reason or the error; null when sent cleanly. */
  note: string | null;
}

/** Records the outcomes of attempts (`sent`, `skipped` with its reason, `failed` with the error), in one statement. */
export async function recordOutcomes(ctx: BaseContext, outcomes: AttemptOutcome[]): Promise<void> {
  if (!outcomes.length) return;
  const db = await ctx.db();
  await db.execute(sql`
    update reminder_deliveries d set status = o.status, attempts = d.attempts + 1, last_error = o.note,
      sent_at = case when o.status = 'sent' then now() else d.sent_at end, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as o(key text, status text, note text)
    where d.delivery_key = o.key and d.status in ('queued', 'failed')`);
}

/** Records the outcome of one attempt. */
export async function recordOutcome(ctx: BaseContext, key: string, status: AttemptOutcome['status'], note: string | null): Promise<void> {
  await recordOutcomes(ctx, [{ key, status, note }]);
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
