// Recurrence: a master turns an entry into a series; its instances are materialized
// `generatedWindowDays` ahead (from the later of now and the series' start) and the horizon job
// moves that forward every minute. Instances can be overridden or cancelled one by one and keep
// that when the horizon moves. Writes run in the request's transaction with their change-log row.
import { sql } from 'drizzle-orm';
import type { BaseContext, JobContext, Principal, ServiceContext } from '../../../context';
import type { EntryStatus, InstanceState, RecurrenceFrequency } from '../../../db/schema/calendar';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { requireSomeChange } from '../../../lib/validation';
import { findCalendar } from '../calendars/calendars.queries';
import { checkTimezone, notManageable } from '../calendars/calendars.rules';
import { findEntry } from '../entries/entries.queries';
import { checkTransition, spanColumns } from '../entries/entries.rules';
import { entryNotFound } from '../entries/entries.service';
import type { CalendarCaller } from '../shared/calendar-access';
import { actorUserOf, calendarCallerOf, calendarNotFound } from '../shared/calendar-caller';
import { recordMutation } from '../shared/mutations.queries';
import type { TimeWindow } from '../shared/time-window';
import { ofSeries, refreshNext } from '../reminders/reminders.queries';
import * as q from './recurrence.queries';
import { checkRule, expand, MAX_INSTANCES_PER_RUN, type Rule, type Shape } from './recurrence.rules';
import type { InstanceRow, MasterRow } from './recurrence.views';

export interface MasterInput {
  calendarId: string;
  rootEntryId: string;
  frequency: RecurrenceFrequency;
  intervalCount?: number;
  byWeekday?: number[];
  byMonthDay?: number[];
  startsAt: string;
  untilAt?: string;
  occurrenceCountLimit?: number;
  timezone: string;
  generatedWindowDays?: number;
  metadata?: Record<string, unknown>;
}

export interface InstancePatch {
  startsAt?: string;
  endsAt?: string;
  timezone?: string;
  isAllDay?: boolean;
  status?: EntryStatus;
  instanceState?: InstanceState;
  titleOverride?: string;
  descriptionOverride?: string;
  metadataOverride?: Record<string, unknown>;
}

/** Days materialized ahead when the body gives none. */
export const DEFAULT_WINDOW_DAYS = 90;
const DAY = 86_400_000;

export const masterNotFound = (id: string) => new ApiError('NOT_FOUND', 'Recurrence master not found', { reason: 'recurrence_master_not_found', id });

const ruleOf = (m: MasterRow): Rule => ({ ...m, byWeekday: m.byWeekday, byMonthDay: m.byMonthDay });

interface Root {
  id: string;
  status: EntryStatus;
  isAllDay: boolean;
  startsAt: Date;
  endsAt: Date;
  localStartDate: string | null;
  localEndDateExclusive: string | null;
}

/** Every occurrence takes the root entry's length (all-day: its number of local days). */
function shapeOf(root: Root): Shape {
  const days = root.isAllDay && root.localStartDate && root.localEndDateExclusive ? Math.round((Date.parse(root.localEndDateExclusive) - Date.parse(root.localStartDate)) / DAY) : null;
  return { durationMs: root.endsAt.getTime() - root.startsAt.getTime(), allDayDays: days };
}

/** Materializes the master's instances up to its window ahead of now; returns how many were added. */
export async function extendHorizon(ctx: BaseContext, m: MasterRow, root: Root, now = new Date()): Promise<number> {
  const from = m.generatedUntil ?? m.startsAt;
  let horizon = new Date(Math.max(now.getTime(), m.startsAt.getTime()) + m.generatedWindowDays * DAY);
  if (horizon <= from) return 0;
  const { occurrences, more } = expand(ruleOf(m), shapeOf(root), from, horizon);
  // A run that hit its cap stops after its last occurrence; the next run goes on from there.
  const last = occurrences.at(-1);
  if (more && last && occurrences.length >= MAX_INSTANCES_PER_RUN) horizon = new Date(last.startsAt.getTime() + 1);
  const added = await q.materialize(ctx, m, root, occurrences, horizon, !more);
  // Series reminders waiting for an occurrence (none was materialized yet) take the new ones.
  if (added) await refreshNext(ctx, sql`${ofSeries(m.tenantId, m.id)} and r.next_trigger_at is null`);
  return added;
}

export async function createMaster(ctx: ServiceContext, p: Principal, body: MasterInput): Promise<MasterRow> {
  checkTimezone(body.timezone);
  const rule: Rule = {
    frequency: body.frequency,
    intervalCount: body.intervalCount ?? 1,
    byWeekday: body.byWeekday?.length ? [...new Set(body.byWeekday)].sort() : null,
    byMonthDay: body.byMonthDay?.length ? [...new Set(body.byMonthDay)].sort((a, b) => a - b) : null,
    startsAt: new Date(body.startsAt),
    untilAt: body.untilAt ? new Date(body.untilAt) : null,
    occurrenceCountLimit: body.occurrenceCountLimit ?? null,
    timezone: body.timezone,
  };
  checkRule(rule);
  const c = calendarCallerOf(p);
  const cal = await findCalendar(ctx, c, body.calendarId, true);
  if (!cal) throw calendarNotFound(body.calendarId);
  if (!cal.manageable) throw notManageable();
  const root = await findEntry(ctx, c, body.rootEntryId, true);
  if (!root) throw entryNotFound(body.rootEntryId);
  if (!root.manageable) throw new ApiError('FORBIDDEN', 'You may not change this entry', { reason: 'ENTRY_NOT_MANAGEABLE' });
  if (root.row.calendarId !== body.calendarId) throw new ApiError('UNPROCESSABLE_ENTITY', 'The root entry belongs to another calendar', { reason: 'ROOT_NOT_IN_CALENDAR', fields: { rootEntryId: ['Not an entry of calendarId'] } });
  if (root.row.recurrenceMasterId) throw new ApiError('UNPROCESSABLE_ENTITY', 'The entry is already recurring', { reason: 'ALREADY_RECURRING', fields: { rootEntryId: ['Already the root of a series'] } });
  const m = await q.insertMaster(ctx, { ...rule, calendarId: body.calendarId, rootEntryId: body.rootEntryId, generatedWindowDays: body.generatedWindowDays ?? DEFAULT_WINDOW_DAYS, metadata: body.metadata ?? {}, createdBy: actorUserOf(p) });
  const added = await extendHorizon(ctx, m, root.row);
  await recordMutation(ctx, { calendarId: m.calendarId, entityType: 'entry', entityId: root.row.id, action: 'updated', summary: `Entry made recurring (${m.frequency}, ${added} instances ahead)`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_recurrence.create', resourceType: 'recurrence_master', resourceId: m.id, details: { rootEntryId: m.rootEntryId, frequency: m.frequency, instances: added } });
  return m;
}

export async function getMaster(ctx: ServiceContext, c: CalendarCaller, id: string): Promise<MasterRow> {
  const m = await q.findMaster(ctx, c, id);
  if (!m) throw masterNotFound(id);
  return m;
}

/** The master (404 unless readable) and a page of its instances, read together. */
export async function listInstances(ctx: ServiceContext, c: CalendarCaller, id: string, w: TimeWindow & { limit: number; offset: number }) {
  const [m, page] = await Promise.all([q.findMaster(ctx, c, id), q.listInstances(ctx, id, w)]);
  if (!m) throw masterNotFound(id);
  return { ...page, createdBy: m.createdBy };
}

/**
 * Overrides or cancels one occurrence. A cancelled instance has status `cancelled` and the other
 * way round (either field cancels it); any other change makes it `overridden` unless the body names
 * the state. A new status follows the entry matrix; reopening a cancelled one needs a status.
 */
export async function patchInstance(ctx: ServiceContext, p: Principal, id: string, body: InstancePatch): Promise<{ row: InstanceRow; createdBy: string | null }> {
  requireSomeChange(body);
  checkTimezone(body.timezone);
  const found = await q.lockInstance(ctx, calendarCallerOf(p), id);
  if (!found) throw new ApiError('NOT_FOUND', 'Recurrence instance not found', { reason: 'recurrence_instance_not_found', id });
  if (!found.manageable) throw new ApiError('FORBIDDEN', 'You may not change this series', { reason: 'ENTRY_NOT_MANAGEABLE' });
  const cur = found.row;
  const cancel = body.instanceState === 'cancelled' || body.status === 'cancelled';
  const state: InstanceState = cancel ? 'cancelled' : (body.instanceState ?? 'overridden');
  const status: EntryStatus = cancel ? 'cancelled' : (body.status ?? cur.status);
  if (status === 'cancelled' && !cancel) throw new ApiError('UNPROCESSABLE_ENTITY', 'A cancelled instance reopens with a status', { reason: 'STATUS_REQUIRED', fields: { status: ['Give the status it reopens with'] } });
  checkTransition(cur.status, status, false);
  const timing = body.startsAt !== undefined || body.endsAt !== undefined || body.timezone !== undefined || body.isAllDay !== undefined;
  const span = timing
    ? spanColumns({ startsAt: body.startsAt ? new Date(body.startsAt) : cur.startsAt, endsAt: body.endsAt ? new Date(body.endsAt) : cur.endsAt, timezone: body.timezone ?? cur.timezone, isAllDay: body.isAllDay ?? cur.isAllDay })
    : {};
  const row = await q.updateInstance(ctx, id, {
    ...span,
    instanceState: state,
    status,
    ...(body.titleOverride !== undefined && { titleOverride: body.titleOverride }),
    ...(body.descriptionOverride !== undefined && { descriptionOverride: body.descriptionOverride }),
    ...(body.metadataOverride !== undefined && { metadataOverride: body.metadataOverride }),
  });
  // The series' reminders follow a moved or cancelled occurrence.
  await refreshNext(ctx, ofSeries(row.tenantId, row.recurrenceMasterId));
  await recordMutation(ctx, { calendarId: row.calendarId, entityType: 'entry', entityId: row.sourceEntryId, action: 'updated', summary: `Occurrence ${row.instanceDate} ${state}`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_recurrence.instance.update', resourceType: 'recurrence_instance', resourceId: id, details: { fields: Object.keys(body), instanceState: state } });
  return { row, createdBy: found.createdBy };
}

/** Cron: moves the horizon of masters that fell behind (batches of `limit`; overlapping runs skip each other's). */
export function extendHorizons(ctx: JobContext, limit = 50): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    let added = 0;
    for (const { m, root } of await q.lockBehind(tx, limit)) added += await extendHorizon(tx, m, root);
    return added;
  });
}
