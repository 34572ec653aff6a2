// Wall-clock time in an IANA zone, from the runtime's Intl (workerd and Node ship the full zone
// database): the local date of an instant, and the local dates of an all-day span (end exclusive).
// Recurrence expansion uses the same helpers so entries and instances agree on what "local" means.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  /** YYYY-MM-DD in the zone. */
  date: string;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(at: Date, tz: string): LocalParts {
  const p: Record<string, string> = {};
  for (const part of formatterOf(tz).formatToParts(at)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The local dates an all-day span covers in `tz`: the start's local date, and the day after the
 * last day it touches (exclusive). An end at local midnight ends the day before; a span that starts
 * and ends on one day (or ends at its own start) covers that day.
 */
export function allDayDates(startsAt: Date, endsAt: Date, tz: string): { localStartDate: string; localEndDateExclusive: string } {
  const start = localParts(startsAt, tz).date;
  const end = localParts(endsAt, tz);
  const atMidnight = end.hour === 0 && end.minute === 0 && end.second === 0 && endsAt.getUTCMilliseconds() === 0;
  let endExclusive = atMidnight ? end.date : addDays(end.date, 1);
  if (endExclusive <= start) endExclusive = addDays(start, 1);
  return { localStartDate: start, localEndDateExclusive: endExclusive };
}

/** Milliseconds `tz` is ahead of UTC at `at`. */
function offsetAt(at: Date, tz: string): number {
  const p = localParts(at, tz);
  const asUtc = Date.UTC(Number(p.date.slice(0, 4)), Number(p.date.slice(5, 7)) - 1, Number(p.date.slice(8, 10)), p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time `date` `hh:mm:ss` has in `tz`. A time the zone repeats (the autumn
 * hour) is its first occurrence; a time it skips (the hour a spring-forward removes) moves forward
 * by the change (02:30 → 03:30).
 */
export function zonedInstant(date: string, hour: number, minute: number, second: number, tz: string): Date {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute, second);
  // Zone offsets change at most once or twice a year: the offsets a day either side are the candidates.
  const before = wall - offsetAt(new Date(wall - 86_400_000), tz);
  const after = wall - offsetAt(new Date(wall + 86_400_000), tz);
  const reads = (t: number) => t + offsetAt(new Date(t), tz) === wall;
  const fits = [before, after].filter(reads).sort((a, b) => a - b);
  return new Date(fits[0] ?? before);
}
