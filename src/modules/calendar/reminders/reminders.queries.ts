// Reminders in Postgres. The next target of a reminder (and so `next_trigger_at` = its start +
// offset) is computed in SQL by one rule, used on create, ack, and whenever an entry or a series
// changes: an entry reminder targets its entry until it fired (not a cancelled or finished one); a
// series reminder the first live instance whose trigger time is after the cursor.
import { and, asc, eq, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { BaseContext, ServiceContext } from '../../../context';
import { calendarReminders as R, calendars } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { calendarManageableSql, calendarVisibleSql, type CalendarCaller } from '../shared/calendar-access';
import { pageTotal } from '../shared/page.queries';
import type { ReminderRow } from './reminders.views';

/**
 * Sets the next target of the reminders `which` selects. `cursor`: the trigger time a series
 * reminder's next target must come after (default: now, or the last trigger when later).
 */
export async function refreshNext(ctx: BaseContext, which: SQL, cursor?: Date): Promise<void> {
  const db = await ctx.db();
  const after = cursor ? sql`${cursor}::timestamptz` : sql`greatest(now(), coalesce(r.last_triggered_at, '-infinity'))`;
  await db.execute(sql`
    update calendar_reminders r set (next_trigger_at, next_target_kind, next_target_id) = (
      select t.trigger_at, t.kind, t.id from (
        select e.starts_at + r.offset_minutes * interval '1 minute' as trigger_at, 'entry'::text as kind, e.id
        from calendar_entries e
        where r.calendar_entry_id is not null and e.id = r.calendar_entry_id and r.last_triggered_at is null
          and e.deleted_at is null and e.status <> 'cancelled' and e.ends_at >= now()
        union all
        (select i.starts_at + r.offset_minutes * interval '1 minute', 'recurrence_instance', i.id
        from recurrence_instances i
        where r.recurrence_master_id is not null and i.recurrence_master_id = r.recurrence_master_id
          and i.instance_state <> 'cancelled' and i.status <> 'cancelled'
          and i.starts_at + r.offset_minutes * interval '1 minute' > ${after}
        order by i.starts_at limit 1)) t limit 1),
      updated_at = now()
    where ${which} and r.deleted_at is null`);
}

export const byId = (tenantId: string, id: string) => sql`r.tenant_id = ${tenantId} and r.id = ${id}`;
/** Reminders by id across tenants (the dispatcher, on the platform path, with ids it claimed). */
export const byIds = (ids: string[]) => sql`r.id = any(${`{${ids.join(',')}}`}::uuid[])`;
export const ofEntry = (tenantId: string, entryId: string) => sql`r.tenant_id = ${tenantId} and r.calendar_entry_id = ${entryId}`;
export const ofSeries = (tenantId: string, masterId: string) => sql`r.tenant_id = ${tenantId} and r.recurrence_master_id = ${masterId}`;

export async function insertReminder(ctx: ServiceContext, v: Omit<typeof R.$inferInsert, 'tenantId'>): Promise<ReminderRow> {
  const db = await ctx.db();
  const [row] = await db.insert(R).values({ ...v, tenantId: tenantOf(ctx) }).returning();
  return row!;
}

export async function getReminder(ctx: BaseContext, tenantId: string, id: string): Promise<ReminderRow> {
  const db = await ctx.db();
  const [row] = await db.select().from(R).where(and(eq(R.tenantId, tenantId), eq(R.id, id)));
  return row!;
}

/** The live reminder `id` of a live calendar the caller sees, locked, with whether they manage the calendar. */
export async function lockReminder(ctx: ServiceContext, c: CalendarCaller, id: string): Promise<{ row: ReminderRow; manageable: boolean } | undefined> {
  const db = await ctx.db();
  const [r] = await db
    .select({ row: R, manageable: calendarManageableSql(c) })
    .from(R)
    .innerJoin(calendars, eq(calendars.id, R.calendarId))
    .where(ofTenant(R.tenantId, tenantOf(ctx), eq(R.id, id), isNull(R.deletedAt), isNull(calendars.deletedAt), calendarVisibleSql(c)))
    .for('update', { of: R });
  return r;
}

export async function updateReminder(ctx: ServiceContext, id: string, set: Partial<typeof R.$inferInsert>): Promise<ReminderRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(R)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(R.tenantId, tenantOf(ctx), eq(R.id, id)))
    .returning();
  return row!;
}

/** A page of the calendar's live reminders, oldest first, with the total. */
export async function listReminders(ctx: ServiceContext, calendarId: string, limit: number, offset: number): Promise<{ rows: ReminderRow[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(R.tenantId, tenantOf(ctx), eq(R.calendarId, calendarId), isNull(R.deletedAt));
  const rows = await db.select({ row: R, total: sql<number>`(count(*) over ())::int` }).from(R).where(where).orderBy(asc(R.createdAt), asc(R.id)).limit(limit).offset(offset);
  const total = await pageTotal(rows, offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(R).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => r.row), total };
}

export interface DueReminder {
  row: ReminderRow;
  target: { kind: 'entry' | 'recurrence_instance'; id: string; startsAt: Date; endsAt: Date; timezone: string };
}

/** The calendar's enabled reminders due at `asOf` (trigger time reached), soonest first, with their targets and the total. */
export async function dueReminders(ctx: ServiceContext, calendarId: string, asOf: Date, limit: number): Promise<{ items: DueReminder[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(R.tenantId, tenantOf(ctx), eq(R.calendarId, calendarId), isNull(R.deletedAt), eq(R.isEnabled, true), lte(R.nextTriggerAt, asOf));
  const target = sql`coalesce(
    (select json_build_object('startsAt', e.starts_at, 'endsAt', e.ends_at, 'timezone', e.timezone) from calendar_entries e where ${R.nextTargetKind} = 'entry' and e.id = ${R.nextTargetId}),
    (select json_build_object('startsAt', i.starts_at, 'endsAt', i.ends_at, 'timezone', i.timezone) from recurrence_instances i where ${R.nextTargetKind} = 'recurrence_instance' and i.id = ${R.nextTargetId}))`;
  const rows = await db
    .select({ row: R, target: sql<{ startsAt: string; endsAt: string; timezone: string } | null>`${target}`, total: sql<number>`(count(*) over ())::int` })
    .from(R)
    .where(where)
    .orderBy(asc(R.nextTriggerAt), asc(R.id))
    .limit(limit);
  const items = rows
    .filter((r) => r.target && r.row.nextTargetKind && r.row.nextTargetId)
    .map((r) => ({ row: r.row, target: { kind: r.row.nextTargetKind!, id: r.row.nextTargetId!, startsAt: new Date(r.target!.startsAt), endsAt: new Date(r.target!.endsAt), timezone: r.target!.timezone } }));
  return { items, total: rows[0]?.total ?? 0 };
}
