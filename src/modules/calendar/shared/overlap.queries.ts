// The one overlap rule of every window query (entries, instances, window, free-busy): a span
// [starts, ends) overlaps [from, to) when it starts before `to` and ends after `from`; an instant
// (starts = ends) counts when it falls inside the window, `from` included; a span ending exactly at
// `from` does not.
//
// Written as plain comparisons, not as `tstzrange(...) && tstzrange(...)`: timestamptz comparisons
// are LEAKPROOF, so under row-level security Postgres still uses the two bounds as index conditions
// of the GiST window indexes (drizzle/0030_calendar_windows.sql); `&&` is not, and was only ever a
// filter over every row of the calendar.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { TimeWindow } from './time-window';

export const overlapsSql = (startsAt: AnyColumn | SQL, endsAt: AnyColumn | SQL, w: TimeWindow): SQL =>
  sql`(${startsAt} < ${w.to} and ${endsAt} >= ${w.from} and (${endsAt} > ${w.from} or ${startsAt} = ${endsAt}))`;

/** The same over the `starts_at` / `ends_at` columns of `table` named by hand (raw statements). */
export const tableOverlapsSql = (table: string, w: TimeWindow): SQL => overlapsSql(sql.raw(`"${table}"."starts_at"`), sql.raw(`"${table}"."ends_at"`), w);
