// Expansion of a structured recurrence rule (frequency, interval, weekdays, month days, until,
// count) with the `rrule` library (RFC 5545), run on wall-clock time: the rule expands "floating"
// local times of the master's zone, and each occurrence is then placed in the zone, so 09:00 stays
// 09:00 across daylight-saving changes. RFC 5545 semantics hold: a month day the month lacks (the
// 29th-31st) has no occurrence that month, a yearly rule on 29 February occurs in leap years.
import * as rruleModule from 'rrule';
import type { Frequency } from 'rrule';
import type { RecurrenceFrequency } from '../../../db/schema/calendar';
import { ApiError } from '../../../lib/errors';
import { addDays, localParts, zonedInstant } from '../shared/local-time';

export interface Rule {
  frequency: RecurrenceFrequency;
  intervalCount: number;
  /** 0 = Sunday … 6 = Saturday. */
  byWeekday: number[] | null;
  byMonthDay: number[] | null;
  startsAt: Date;
  untilAt: Date | null;
  occurrenceCountLimit: number | null;
  timezone: string;
}

/** The occurrence pattern the root entry gives every instance. */
export interface Shape {
  /** Absolute length of a timed occurrence (ms). */
  durationMs: number;
  /** All-day: local days each occurrence covers (null for timed entries). */
  allDayDays: number | null;
}

export interface Occurrence {
  instanceDate: string;
  startsAt: Date;
  endsAt: Date;
  localStartDate: string | null;
  localEndDateExclusive: string | null;
}

/** Instances materialized per master and run at most (a run that hits it continues next time). */
export const MAX_INSTANCES_PER_RUN = 1000;

// rrule ships an ES module (which the Worker's bundler takes) and a UMD build without named exports
// (which Node's ESM loader takes, for the scripts): the classes come from whichever loaded.
const { RRule, Weekday } = ('RRule' in rruleModule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default) as typeof rruleModule;
type RRule = InstanceType<typeof RRule>;

const FREQ: Record<RecurrenceFrequency, Frequency> = { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY, yearly: RRule.YEARLY };
// rrule numbers weekdays from Monday (0); the reference from Sunday (0).
const weekday = (d: number) => new Weekday((d + 6) % 7);

/** The wall-clock time of `at` in `tz` as a UTC date (rrule's floating time). */
function floating(at: Date, tz: string): Date {
  const p = localParts(at, tz);
  return new Date(`${p.date}T${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')}Z`);
}

function rruleOf(r: Rule): RRule {
  return new RRule({
    freq: FREQ[r.frequency],
    interval: r.intervalCount,
    dtstart: floating(r.startsAt, r.timezone),
    ...(r.byWeekday?.length && { byweekday: r.byWeekday.map(weekday) }),
    ...(r.byMonthDay?.length && { bymonthday: r.byMonthDay }),
    ...(r.untilAt && { until: floating(r.untilAt, r.timezone) }),
    ...(r.occurrenceCountLimit && { count: r.occurrenceCountLimit }),
  });
}

function place(f: Date, r: Rule, s: Shape): Occurrence {
  const date = f.toISOString().slice(0, 10);
  if (s.allDayDays !== null) {
    const end = addDays(date, s.allDayDays);
    return { instanceDate: date, startsAt: zonedInstant(date, 0, 0, 0, r.timezone), endsAt: zonedInstant(end, 0, 0, 0, r.timezone), localStartDate: date, localEndDateExclusive: end };
  }
  const startsAt = zonedInstant(date, f.getUTCHours(), f.getUTCMinutes(), f.getUTCSeconds(), r.timezone);
  return { instanceDate: date, startsAt, endsAt: new Date(startsAt.getTime() + s.durationMs), localStartDate: null, localEndDateExclusive: null };
}

/**
 * The occurrences starting in [from, to), at most `max`, and whether the rule has any after them
 * (false: exhausted by until or count).
 */
export function expand(r: Rule, s: Shape, from: Date, to: Date, max = MAX_INSTANCES_PER_RUN): { occurrences: Occurrence[]; more: boolean } {
  const rule = rruleOf(r);
  // Floating bounds a day wider than the window (zone offsets stay within ±14 h), cut exactly after placing.
  const lo = new Date(floating(from, r.timezone).getTime() - 86_400_000);
  const hi = new Date(floating(to, r.timezone).getTime() + 86_400_000);
  const out: Occurrence[] = [];
  let stop: 'past_window' | 'full' | null = null;
  let last: Date | null = null;
  // One pass from the rule's start (rrule iterates from dtstart on every call: no call per occurrence).
  rule.between(lo, hi, true, (d) => {
    const o = place(d, r, s);
    if (o.startsAt >= to) return !(stop = 'past_window');
    last = d;
    if (o.startsAt >= from) out.push(o);
    if (out.length >= max) stop = 'full';
    return !stop;
  });
  if (stop === 'past_window') return { occurrences: out, more: true };
  if (stop === 'full') return { occurrences: out, more: rule.after(last!, false) !== null };
  return { occurrences: out, more: rule.after(hi, false) !== null };
}

/** 422 for a rule that cannot produce what it says. */
export function checkRule(r: Rule): void {
  const fields: Record<string, string[]> = {};
  if (r.untilAt && r.untilAt < r.startsAt) fields.untilAt = ['Must not be before startsAt'];
  if (r.byWeekday?.length && r.frequency === 'yearly') fields.byWeekday = ['Not with a yearly rule (use weekly or monthly)'];
  if (r.byMonthDay?.length && (r.frequency === 'daily' || r.frequency === 'weekly')) fields.byMonthDay = ['Only with monthly or yearly rules'];
  if (Object.keys(fields).length) throw new ApiError('UNPROCESSABLE_ENTITY', `Invalid recurrence rule: ${Object.keys(fields).join(', ')}`, { reason: 'INVALID_RULE', fields });
}
