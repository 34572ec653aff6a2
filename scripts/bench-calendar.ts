// The calendar rows of `npm run bench` (issue #14): a tenant of its own with 20 calendars holding
// 10,000 single entries and 20 daily series (one per calendar, 90 days materialized: 1,800
// instances), seeded set-based through pg; then free-busy over all 20 calendars, the window view and
// the entries list for a 30-day window, each with the EXPLAIN of its real SQL.
import type { Target } from './lib/bench-measure.ts';
import { withPg, type Tenant } from './lib/bench-seed.ts';

export const CALENDARS = 20;
export const ENTRIES = 10_000;
const SERIES_DAYS = 90;
const FROM = '2030-01-01T00:00:00Z';

/** Seeds the tenant (as the owner, set-based): returns how long it took and the calendar ids. */
export async function seedCalendar(databaseUrl: string, t: Tenant): Promise<{ ms: number; calendarIds: string[] }> {
  const started = Date.now();
  const calendarIds = await withPg(databaseUrl, async (db) => {
    const p = [t.tenantId, t.id];
    const cals = await db.query<{ id: string }>(
      `insert into calendars (tenant_id, kind, name, timezone, visibility, created_by)
       select $1, 'tenant_shared', 'Bench calendar ' || g, 'Europe/Zurich', 'public_within_tenant', $2 from generate_series(1, ${CALENDARS}) g returning id`,
      p,
    );
    // 10,000 entries over 2030 (about 27 a day across the calendars), 30-90 minutes, a tenth private.
    await db.query(
      `insert into calendar_entries (tenant_id, calendar_id, kind, status, visibility, title, starts_at, ends_at, timezone, created_by)
       select $1, c.ids[1 + g % ${CALENDARS}], 'event', case when g % 17 = 0 then 'cancelled' else 'confirmed' end,
              case when g % 10 = 0 then 'private' else 'default' end, 'Bench entry ' || g,
              timestamptz '${FROM}' + (g * 52.56) * interval '1 minute',
              timestamptz '${FROM}' + (g * 52.56 + 30 + g % 61) * interval '1 minute', 'Europe/Zurich', $2
       from generate_series(1, ${ENTRIES}) g, (select array_agg(id) as ids from calendars where tenant_id = $1) c`,
      p,
    );
    // One daily stand-up series per calendar with ${SERIES_DAYS} materialized instances.
    await db.query(
      `with roots as (
         insert into calendar_entries (tenant_id, calendar_id, kind, status, title, starts_at, ends_at, timezone, created_by)
         select $1, id, 'event', 'confirmed', 'Stand-up', timestamptz '${FROM}' + interval '8 hours', timestamptz '${FROM}' + interval '8 hours 15 minutes', 'Europe/Zurich', $2
         from calendars where tenant_id = $1 returning id, calendar_id),
       masters as (
         insert into recurrence_masters (tenant_id, calendar_id, root_entry_id, frequency, starts_at, timezone, generated_until, created_by)
         select $1, calendar_id, id, 'daily', timestamptz '${FROM}' + interval '8 hours', 'Europe/Zurich', timestamptz '${FROM}' + interval '${SERIES_DAYS} days', $2 from roots returning id, calendar_id, root_entry_id),
       linked as (update calendar_entries e set recurrence_master_id = m.id from masters m where e.id = m.root_entry_id)
       insert into recurrence_instances (tenant_id, recurrence_master_id, calendar_id, source_entry_id, instance_date, starts_at, ends_at, timezone, status)
       select $1, m.id, m.calendar_id, m.root_entry_id, (timestamptz '${FROM}' + d * interval '1 day')::date,
              timestamptz '${FROM}' + d * interval '1 day' + interval '8 hours', timestamptz '${FROM}' + d * interval '1 day' + interval '8 hours 15 minutes', 'Europe/Zurich', 'confirmed'
       from masters m, generate_series(0, ${SERIES_DAYS - 1}) d`,
      p,
    );
    await db.query('analyze calendars, calendar_entries, recurrence_masters, recurrence_instances');
    return cals.rows.map((r) => r.id);
  });
  return { ms: Date.now() - started, calendarIds };
}

export function calendarTargets(t: Tenant, calendarIds: string[]): (Target & { explain?: RegExp })[] {
  const auth = { authorization: `Bearer ${t.accessToken}` };
  const window = `from=2030-02-01T00:00:00Z&to=2030-03-03T00:00:00Z`;
  const ids = calendarIds.join(',');
  return [
    { name: `calendar: free-busy, ${CALENDARS} calendars, 30 days`, path: `/api/v1/secure/calendar/free-busy?${window}&calendarIds=${ids}`, headers: auth, explain: /union all/ },
    { name: 'calendar: free-busy, every visible calendar, 30 days', path: `/api/v1/secure/calendar/free-busy?${window}`, headers: auth },
    { name: 'calendar: window, one calendar, 30 days', path: `/api/v1/secure/calendar/window?${window}&calendarIds=${calendarIds[0]}`, headers: auth, explain: /union all/ },
    { name: 'calendar: entries list, 30 days, first 50', path: `/api/v1/secure/calendar/entries?${window}`, headers: auth, explain: /"calendar_entries"/ },
  ];
}
