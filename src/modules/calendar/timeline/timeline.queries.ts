// What happens in a window across calendars: single entries and materialized recurrence instances
// in one statement, for the window view and for free-busy. One round trip however many calendars
// are involved. The calendars the caller sees are worked out once (a materialized CTE, with whether
// the caller manages each), not once per entry; each branch then reads its GiST window index per
// visible calendar (drizzle/0030_calendar_windows.sql). Free-busy asks no details, so the entry rule's
// subqueries are not run at all.
import { sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import type { EntryStatus } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';
import { calendarManageableSql, calendarVisibleSql, type CalendarCaller } from '../shared/calendar-access';
import { entryDetailSql } from '../shared/entry-access';
import { tableOverlapsSql } from '../shared/overlap.queries';
import type { TimeWindow } from '../shared/time-window';

export interface TimelineItem {
  id: string;
  calendarId: string;
  startsAt: Date;
  endsAt: Date;
  status: EntryStatus;
  isAllDay: boolean;
  /** Null when the caller may not read the entry's details (a private or pending entry of another). */
  title: string | null;
  location: string | null;
}

export interface TimelineQuery extends TimeWindow {
  /** Only these calendars (those the caller cannot see contribute nothing); undefined: all visible. */
  calendarIds?: string[];
  /** Statuses left out (cancelled time is never busy). */
  excludeStatuses: EntryStatus[];
  /** Titles and locations wanted (the window); false: busy time only (free-busy), both null. */
  details: boolean;
}

const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * Every live entry and instance of the caller's visible live calendars overlapping the window, by
 * start. Instances take their master's root entry for details (title override first) and visibility;
 * root entries themselves are left out (their instances stand for them).
 */
export async function timeline(ctx: ServiceContext, c: CalendarCaller, q: TimelineQuery): Promise<TimelineItem[]> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const scope: SQL = q.calendarIds ? sql`and "calendars"."id" in (${list(q.calendarIds)})` : sql``;
  const skip = (table: string): SQL => (q.excludeStatuses.length ? sql`and ${sql.raw(`"${table}"."status"`)} not in (${list(q.excludeStatuses)})` : sql``);
  // The entry rule with the calendar's part taken from the CTE (a column, not a subquery per row).
  const detail = q.details ? entryDetailSql(c, sql`visible.manageable`) : sql`false`;
  const res = await db.execute<{ id: string; calendar_id: string; starts_at: string; ends_at: string; status: EntryStatus; is_all_day: boolean; title: string | null; location: string | null }>(sql`
    with visible as materialized (
      select "calendars"."id", ${q.details ? calendarManageableSql(c) : sql`false`} as manageable from calendars
      where "calendars"."tenant_id" = ${t} and "calendars"."deleted_at" is null and ${calendarVisibleSql(c)} ${scope})
    select calendar_entries.id, calendar_entries.calendar_id, calendar_entries.starts_at, calendar_entries.ends_at, calendar_entries.status, calendar_entries.is_all_day,
      case when ${detail} then calendar_entries.title end as title,
      case when ${detail} then calendar_entries.location_name end as location
    from visible join calendar_entries on calendar_entries.calendar_id = visible.id
    where calendar_entries.tenant_id = ${t} and calendar_entries.deleted_at is null and calendar_entries.recurrence_master_id is null
      and ${tableOverlapsSql('calendar_entries', q)} ${skip('calendar_entries')}
    union all
    select recurrence_instances.id, recurrence_instances.calendar_id, recurrence_instances.starts_at, recurrence_instances.ends_at, recurrence_instances.status, recurrence_instances.is_all_day,
      case when ${detail} then coalesce(recurrence_instances.title_override, calendar_entries.title) end,
      case when ${detail} then calendar_entries.location_name end
    from visible join recurrence_instances on recurrence_instances.calendar_id = visible.id
      join recurrence_masters on recurrence_masters.id = recurrence_instances.recurrence_master_id and recurrence_masters.deleted_at is null
      join calendar_entries on calendar_entries.id = recurrence_instances.source_entry_id and calendar_entries.deleted_at is null
    where recurrence_instances.tenant_id = ${t} and recurrence_instances.instance_state <> 'cancelled'
      and ${tableOverlapsSql('recurrence_instances', q)} ${skip('recurrence_instances')}
    order by starts_at, id`);
  return res.rows.map((r) => ({
    id: r.id,
    calendarId: r.calendar_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    status: r.status,
    isAllDay: r.is_all_day,
    title: r.title,
    location: r.location,
  }));
}
