// Calendars as calendar admins see them: every calendar of the tenant (deleted ones included), with
// the linked parent's name and calendar settings and the reminder/entry counters in the same
// statement (subqueries per row, no per-row queries). Every function filters by the caller's tenant.
import { asc, desc, eq, gte, ilike, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { calendarMutations, calendarReminders, calendars, type CalendarKind, type CalendarVisibility } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { pageTotal } from '../shared/page.queries';
import { likePattern } from '../../access/shared/like';

const CAL_ID = sql.raw('"calendars"."id"');
const USER = sql.raw('"calendars"."linked_user_id"');
const RES = sql.raw('"calendars"."linked_resource_id"');
const SPACE = sql.raw('"calendars"."linked_space_id"');

/** Per-row extras: the parent's name and `settings.calendar`, reminder and future counters. */
const extras = (t: string) => ({
  parentName: sql<string | null>`case
    when ${USER} is not null then (select coalesce(nullif(trim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email) from users u where u.id = ${USER})
    when ${RES} is not null then (select r.name from resources r where r.id = ${RES} and r.tenant_id = ${t})
    when ${SPACE} is not null then (select s.name from spaces s where s.id = ${SPACE} and s.tenant_id = ${t})
  end`,
  parentCalendarSettings: sql<unknown>`case
    when ${RES} is not null then (select r.settings -> 'calendar' from resources r where r.id = ${RES} and r.tenant_id = ${t})
    when ${SPACE} is not null then (select s.settings -> 'calendar' from spaces s where s.id = ${SPACE} and s.tenant_id = ${t})
  end`,
  totalReminderCount: sql<number>`(select count(*)::int from calendar_reminders cr where cr.tenant_id = ${t} and cr.calendar_id = ${CAL_ID} and cr.deleted_at is null)`,
  enabledReminderCount: sql<number>`(select count(*)::int from calendar_reminders cr where cr.tenant_id = ${t} and cr.calendar_id = ${CAL_ID} and cr.deleted_at is null and cr.is_enabled)`,
  nextReminderTriggerAt: sql<string | null>`(select to_char(min(cr.next_trigger_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from calendar_reminders cr where cr.tenant_id = ${t} and cr.calendar_id = ${CAL_ID} and cr.deleted_at is null and cr.is_enabled)`,
});

export type AdminCalendarRead = { row: typeof calendars.$inferSelect } & { [K in keyof ReturnType<typeof extras>]: ReturnType<typeof extras>[K]['_']['type'] };

export interface AdminListFilter {
  activeState?: 'active' | 'deleted';
  kind?: CalendarKind;
  visibility?: CalendarVisibility;
  q?: string;
  limit: number;
  offset: number;
}

export async function listAdminCalendars(ctx: ServiceContext, f: AdminListFilter): Promise<{ rows: AdminCalendarRead[]; total: number }> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const where = ofTenant(
    calendars.tenantId,
    t,
    f.activeState === 'active' ? isNull(calendars.deletedAt) : f.activeState === 'deleted' ? isNotNull(calendars.deletedAt) : undefined,
    f.kind ? eq(calendars.kind, f.kind) : undefined,
    f.visibility ? eq(calendars.visibility, f.visibility) : undefined,
    f.q ? ilike(calendars.name, likePattern(f.q)) : undefined,
  );
  const rows = await db
    .select({ row: calendars, ...extras(t), total: sql<number>`(count(*) over ())::int` })
    .from(calendars)
    .where(where)
    .orderBy(asc(calendars.name), asc(calendars.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = await pageTotal(rows, f.offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(calendars).where(where))[0]?.n ?? 0);
  return { rows, total };
}

/** Any calendar of the tenant (deleted included), with the extras and the future counters. */
export async function findAdminCalendar(ctx: ServiceContext, id: string, lock = false) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const q = db
    .select({
      row: calendars,
      ...extras(t),
      futureEntryCount: sql<number>`(select count(*)::int from calendar_entries ce where ce.tenant_id = ${t} and ce.calendar_id = ${CAL_ID} and ce.deleted_at is null and ce.starts_at >= now())`,
      futureInstanceCount: sql<number>`(select count(*)::int from recurrence_instances ri where ri.tenant_id = ${t} and ri.calendar_id = ${CAL_ID} and ri.instance_state <> 'cancelled' and ri.starts_at >= now())`,
    })
    .from(calendars)
    .where(ofTenant(calendars.tenantId, t, eq(calendars.id, id)));
  const [r] = lock ? await q.for('update', { of: calendars }) : await q;
  return r;
}

/** The bounded operations counters of a calendar: the next `days` days ahead and behind. */
export async function operationsOf(ctx: ServiceContext, calendarId: string, days: number, recentLimit: number) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const until = sql`now() + make_interval(days => ${days})`;
  const since = sql`now() - make_interval(days => ${days})`;
  const [counters, recent] = await Promise.all([
    db.execute<{ future_entries: number; future_instances: number; pending_reminders: number; recent_mutations: number; dispatch_failures: number; as_of: string }>(sql`select
      (select count(*)::int from calendar_entries ce where ce.tenant_id = ${t} and ce.calendar_id = ${calendarId} and ce.deleted_at is null and ce.starts_at >= now() and ce.starts_at < ${until}) as future_entries,
      (select count(*)::int from recurrence_instances ri where ri.tenant_id = ${t} and ri.calendar_id = ${calendarId} and ri.instance_state <> 'cancelled' and ri.starts_at >= now() and ri.starts_at < ${until}) as future_instances,
      (select count(*)::int from calendar_reminders cr where cr.tenant_id = ${t} and cr.calendar_id = ${calendarId} and cr.deleted_at is null and cr.is_enabled and cr.next_trigger_at is not null) as pending_reminders,
      (select count(*)::int from calendar_mutations cm where cm.tenant_id = ${t} and cm.calendar_id = ${calendarId} and cm.occurred_at >= ${since}) as recent_mutations,
      (select count(*)::int from reminder_deliveries rd where rd.tenant_id = ${t} and rd.calendar_id = ${calendarId} and rd.status in ('failed', 'dead')) as dispatch_failures,
      to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as as_of`),
    db
      .select({ entityType: calendarMutations.entityType, entityId: calendarMutations.entityId, action: calendarMutations.action, occurredAt: calendarMutations.occurredAt, summary: calendarMutations.summary })
      .from(calendarMutations)
      .where(ofTenant(calendarMutations.tenantId, t, eq(calendarMutations.calendarId, calendarId), gte(calendarMutations.occurredAt, since)))
      .orderBy(desc(calendarMutations.occurredAt), desc(calendarMutations.id))
      .limit(recentLimit),
  ]);
  return { counters: counters.rows[0]!, recent };
}

/** Reminder health of a calendar: the counts and a page of its (live) reminders. */
export async function reminderHealth(ctx: ServiceContext, calendarId: string, page: { limit: number; offset: number }) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const live = ofTenant(calendarReminders.tenantId, t, eq(calendarReminders.calendarId, calendarId), isNull(calendarReminders.deletedAt));
  const [summary, rows] = await Promise.all([
    db
      .select({
        total: sql<number>`count(*)::int`,
        enabled: sql<number>`(count(*) filter (where ${calendarReminders.isEnabled}))::int`,
        dueCount: sql<number>`(count(*) filter (where ${calendarReminders.isEnabled} and ${calendarReminders.nextTriggerAt} <= now()))::int`,
        nextTriggerAt: sql<Date | null>`min(${calendarReminders.nextTriggerAt}) filter (where ${calendarReminders.isEnabled})`.mapWith(calendarReminders.nextTriggerAt),
        inApp: sql<number>`(count(*) filter (where ${calendarReminders.channel} = 'in_app'))::int`,
        email: sql<number>`(count(*) filter (where ${calendarReminders.channel} = 'email'))::int`,
        sms: sql<number>`(count(*) filter (where ${calendarReminders.channel} = 'sms'))::int`,
        webhook: sql<number>`(count(*) filter (where ${calendarReminders.channel} = 'webhook'))::int`,
      })
      .from(calendarReminders)
      .where(live),
    db
      .select()
      .from(calendarReminders)
      .where(live)
      .orderBy(sql`${calendarReminders.nextTriggerAt} asc nulls last`, asc(calendarReminders.id))
      .limit(page.limit)
      .offset(page.offset),
  ]);
  return { summary: summary[0]!, rows };
}

export async function updateAdminCalendar(ctx: ServiceContext, id: string, set: Partial<typeof calendars.$inferInsert>) {
  const db = await ctx.db();
  const [row] = await db.update(calendars).set({ ...set, updatedAt: sql`now()` }).where(ofTenant(calendars.tenantId, tenantOf(ctx), eq(calendars.id, id))).returning();
  return row!;
}
