// Reminders: on one entry or on a whole series, with a channel and an offset from the target's
// start (negative: before it, positive: after it; ±7 days). `nextTriggerAt` is the next target's
// start + offset, kept current when entries and series change; `ack` records a trigger and moves on
// to the next occurrence; dispatch-preview shows what is due with the delivery key the dispatcher
// uses. Writes run in the request's transaction with their change-log row.
import type { Principal, ServiceContext } from '../../../context';
import type { ReminderChannel } from '../../../db/schema/calendar';
import { ApiError } from '../../../lib/errors';
import { findCalendar } from '../calendars/calendars.queries';
import { notManageable } from '../calendars/calendars.rules';
import { findEntry } from '../entries/entries.queries';
import { entryNotFound } from '../entries/entries.service';
import { findMaster } from '../recurrence/recurrence.queries';
import { masterNotFound } from '../recurrence/recurrence.service';
import type { CalendarCaller } from '../shared/calendar-access';
import { actorUserOf, calendarCallerOf, calendarNotFound } from '../shared/calendar-caller';
import { recordMutation } from '../shared/mutations.queries';
import * as q from './reminders.queries';
import type { ReminderRow } from './reminders.views';

export interface ReminderInput {
  calendarId: string;
  calendarEntryId?: string;
  recurrenceMasterId?: string;
  channel: ReminderChannel;
  offsetMinutes: number;
  isEnabled?: boolean;
}

export const reminderNotFound = (id: string) => new ApiError('NOT_FOUND', 'Reminder not found', { reason: 'reminder_not_found', id });
const invalidTarget = (why: string, field: string) => new ApiError('UNPROCESSABLE_ENTITY', why, { reason: 'INVALID_TARGET', fields: { [field]: [why] } });
const entryNotManageable = () => new ApiError('FORBIDDEN', 'You may not change this entry', { reason: 'ENTRY_NOT_MANAGEABLE' });

/** The target is the calendar's, readable (404) and changed by the caller (403): an entry, or a series' root entry. */
async function checkTarget(ctx: ServiceContext, c: CalendarCaller, body: ReminderInput): Promise<void> {
  if ((body.calendarEntryId === undefined) === (body.recurrenceMasterId === undefined)) throw invalidTarget('Give exactly one of calendarEntryId and recurrenceMasterId', 'calendarEntryId');
  let rootId = body.calendarEntryId;
  if (body.recurrenceMasterId) {
    const m = await findMaster(ctx, c, body.recurrenceMasterId);
    if (!m) throw masterNotFound(body.recurrenceMasterId);
    if (m.calendarId !== body.calendarId) throw invalidTarget('The series belongs to another calendar', 'recurrenceMasterId');
    rootId = m.rootEntryId;
  }
  const entry = await findEntry(ctx, c, rootId!, true);
  if (!entry) throw entryNotFound(rootId!);
  if (entry.row.calendarId !== body.calendarId) throw invalidTarget('The entry belongs to another calendar', 'calendarEntryId');
  if (body.calendarEntryId && entry.row.recurrenceMasterId) throw invalidTarget('The entry is the root of a series: remind the series (recurrenceMasterId)', 'calendarEntryId');
  if (!entry.manageable) throw entryNotManageable();
}

export async function createReminder(ctx: ServiceContext, p: Principal, body: ReminderInput): Promise<ReminderRow> {
  const c = calendarCallerOf(p);
  const cal = await findCalendar(ctx, c, body.calendarId);
  if (!cal) throw calendarNotFound(body.calendarId);
  await checkTarget(ctx, c, body);
  const row = await q.insertReminder(ctx, {
    calendarId: body.calendarId,
    calendarEntryId: body.calendarEntryId ?? null,
    recurrenceMasterId: body.recurrenceMasterId ?? null,
    channel: body.channel,
    offsetMinutes: body.offsetMinutes,
    isEnabled: body.isEnabled ?? true,
    createdBy: actorUserOf(p),
  });
  await q.refreshNext(ctx, q.byId(row.tenantId, row.id));
  await recordMutation(ctx, { calendarId: row.calendarId, entityType: 'reminder', entityId: row.id, action: 'created', summary: `Reminder (${row.channel}, ${row.offsetMinutes} min) created`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_reminder.create', resourceType: 'calendar_reminder', resourceId: row.id, details: { channel: row.channel, offsetMinutes: row.offsetMinutes } });
  return q.getReminder(ctx, row.tenantId, row.id);
}

/** Locks the reminder of a calendar the caller sees (404) and manages (403). */
async function lockManageable(ctx: ServiceContext, p: Principal, id: string): Promise<ReminderRow> {
  const found = await q.lockReminder(ctx, calendarCallerOf(p), id);
  if (!found) throw reminderNotFound(id);
  if (!found.manageable) throw notManageable();
  return found.row;
}

export async function deleteReminder(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  const cur = await lockManageable(ctx, p, id);
  await q.updateReminder(ctx, id, { deletedAt: new Date(), deletedBy: actorUserOf(p), nextTriggerAt: null, nextTargetKind: null, nextTargetId: null });
  await recordMutation(ctx, { calendarId: cur.calendarId, entityType: 'reminder', entityId: id, action: 'deleted', summary: 'Reminder deleted', actorId: p.actorId });
  ctx.audit({ action: 'calendar_reminder.delete', resourceType: 'calendar_reminder', resourceId: id });
}

/**
 * Records that the reminder fired (`triggeredAt`, default now) and moves it on: an entry reminder
 * is done (no next trigger), a series reminder targets the next occurrence after this one.
 */
export async function ackReminder(ctx: ServiceContext, p: Principal, id: string, triggeredAt: Date): Promise<ReminderRow> {
  const cur = await lockManageable(ctx, p, id);
  if (!cur.nextTriggerAt) throw new ApiError('UNPROCESSABLE_ENTITY', 'The reminder has no pending trigger', { reason: 'NO_PENDING_TRIGGER' });
  await q.updateReminder(ctx, id, { lastTriggeredAt: triggeredAt });
  await q.refreshNext(ctx, q.byId(cur.tenantId, id), new Date(Math.max(triggeredAt.getTime(), cur.nextTriggerAt.getTime())));
  ctx.audit({ action: 'calendar_reminder.ack', resourceType: 'calendar_reminder', resourceId: id, details: { triggeredAt: triggeredAt.toISOString() } });
  return q.getReminder(ctx, cur.tenantId, id);
}

/** The calendar (404 unless visible, 403 unless managed) read with its reminders. */
export async function listReminders(ctx: ServiceContext, c: CalendarCaller, calendarId: string, limit: number, offset: number) {
  const [cal, page] = await Promise.all([findCalendar(ctx, c, calendarId), q.listReminders(ctx, calendarId, limit, offset)]);
  if (!cal) throw calendarNotFound(calendarId);
  if (!cal.manageable) throw notManageable();
  return page;
}

export async function previewDue(ctx: ServiceContext, c: CalendarCaller, calendarId: string, asOf: Date, limit: number) {
  const [cal, due] = await Promise.all([findCalendar(ctx, c, calendarId), q.dueReminders(ctx, calendarId, asOf, limit)]);
  if (!cal) throw calendarNotFound(calendarId);
  if (!cal.manageable) throw notManageable();
  return due;
}
