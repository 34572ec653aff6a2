// Calendar administration: every calendar of the tenant for calendar admins only (tenant owner or
// admin, platform administrators, integrators with `calendar:write`; 403 for others). Reads see
// deleted calendars; writes (policy, visit reset) refuse them (409) and log to calendar_mutations.
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { requireSomeChange } from '../../../lib/validation';
import { resetColumns } from '../calendars/calendars.service';
import { assertCalendarAdmin, calendarNotFound } from '../shared/calendar-caller';
import { recordMutation } from '../shared/mutations.queries';
import { mergeOverrides, type PolicyField } from './admin.policy';
import * as q from './admin.queries';

// Reads are sent with the caller check and answered to calendar admins only (asCalendarAdmin in
// the handlers); writes check the caller first.
export const listCalendars = (ctx: ServiceContext, f: q.AdminListFilter) => q.listAdminCalendars(ctx, f);

export async function getCalendar(ctx: ServiceContext, id: string, lock = false) {
  const found = await q.findAdminCalendar(ctx, id, lock);
  if (!found) throw calendarNotFound(id);
  return found;
}

/** Recent mutations and window counters: `days` ahead (entries, instances) and behind (change log). */
export const RECENT_MUTATIONS_LIMIT = 20;

// The calendar's existence is checked in the same round trip as the counters (Promise.all).
export async function operations(ctx: ServiceContext, id: string, days: number) {
  const [, ops] = await Promise.all([getCalendar(ctx, id), q.operationsOf(ctx, id, days, RECENT_MUTATIONS_LIMIT)]);
  return ops;
}

export async function reminders(ctx: ServiceContext, id: string, page: { limit: number; offset: number }) {
  const [, health] = await Promise.all([getCalendar(ctx, id), q.reminderHealth(ctx, id, page)]);
  return health;
}

async function lockLive(ctx: ServiceContext, p: Principal, id: string) {
  assertCalendarAdmin(p);
  const found = await getCalendar(ctx, id, true);
  if (found.row.deletedAt) throw new ApiError('CONFLICT', 'The calendar is deleted', { reason: 'CALENDAR_DELETED' });
  return found;
}

export async function updatePolicy(ctx: ServiceContext, p: Principal, id: string, patch: Partial<Record<PolicyField, unknown>>) {
  requireSomeChange(patch);
  const found = await lockLive(ctx, p, id);
  const adminPolicy = mergeOverrides(found.row.adminPolicy, patch);
  const row = await q.updateAdminCalendar(ctx, id, { adminPolicy });
  const fields = Object.keys(patch).filter((k) => patch[k as PolicyField] !== undefined).sort();
  await recordMutation(ctx, { calendarId: id, entityType: 'calendar', entityId: id, action: 'updated', summary: `Admin policy updated: ${fields.join(', ') || 'no fields'}`, actorId: p.actorId });
  ctx.audit({ action: 'calendar.admin_policy.update', resourceType: 'calendar', resourceId: id, details: { fields } });
  return { ...found, row };
}

export async function resetVisits(ctx: ServiceContext, p: Principal, id: string, reason: string | null) {
  await lockLive(ctx, p, id);
  const row = await q.updateAdminCalendar(ctx, id, resetColumns(p, reason));
  await recordMutation(ctx, { calendarId: id, entityType: 'calendar', entityId: id, action: 'updated', summary: 'Visit metrics reset (admin)', actorId: p.actorId });
  ctx.audit({ action: 'calendar.visit_metrics.reset', resourceType: 'calendar', resourceId: id, details: { reason, admin: true } });
  return row;
}
