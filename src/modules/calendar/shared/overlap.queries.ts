// The one overlap rule of every window query (entries, instances, window, free-busy): a span
// overlaps [from, to) when its range meets the window's (what the GiST window indexes serve), and
// an instant (starts = ends, an empty range) counts when it falls inside the window.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { TimeWindow } from './time-window';

export const overlapsSql = (startsAt: AnyColumn | SQL, endsAt: AnyColumn | SQL, w: TimeWindow): SQL =>
  sql`(tstzrange(${startsAt}, ${endsAt}, '[)') && tstzrange(${w.from}, ${w.to}, '[)')
    or (${startsAt} = ${endsAt} and ${startsAt} >= ${w.from} and ${startsAt} < ${w.to}))`;

/** The same over the `starts_at` / `ends_at` columns of `table` named by hand (raw statements). */
export const tableOverlapsSql = (table: string, w: TimeWindow): SQL => overlapsSql(sql.raw(`"${table}"."starts_at"`), sql.raw(`"${table}"."ends_at"`), w);
