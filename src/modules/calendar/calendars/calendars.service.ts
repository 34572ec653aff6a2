// Calendars: list, create (kind/linkage invariant, IANA zone, type definition), read, update,
// soft delete and the visit-metrics reset. Every write runs in the request's transaction
// (ctx.db()) together with its calendar_mutations row and audit entry.
import type { Principal, ServiceContext } from '../../../context';
import type { CalendarKind, CalendarVisibility } from '../../../db/schema/calendar';
import { ApiError } from '../../../lib/errors';
import { requireSomeChange } from '../../../lib/validation';
import { calendarCallerOf, actorUserOf, calendarNotFound } from '../shared/calendar-caller';
import type { CalendarCaller } from '../shared/calendar-access';
import { recordMutation } from '../shared/mutations.queries';
import { resetSet } from '../../directory/shared/directory.rules';
import * as q from './calendars.queries';
import { checkLinkage, checkName, checkTimezone, linkedParentNotFound, notManageable, typeDefinitionInvalid, type Linkage } from './calendars.rules';
import type { CalendarRow } from './calendars.views';

/** Visibility of a new calendar when the body gives none. */
export const DEFAULT_VISIBILITY: CalendarVisibility = 'private';

export interface CalendarInput extends Linkage {
  kind: CalendarKind;
  name: string;
  description?: string;
  timezone: string;
  visibility?: CalendarVisibility;
  policy?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  typeDefinitionId?: string;
}
export type CalendarPatch = Partial<Omit<CalendarInput, 'kind' | keyof Linkage>>;

export const listCalendars = (ctx: ServiceContext, c: CalendarCaller, f: q.CalendarListFilter) => q.listCalendars(ctx, c, f);

export async function getCalendar(ctx: ServiceContext, c: CalendarCaller, id: string): Promise<CalendarRow> {
  const found = await q.findCalendar(ctx, c, id);
  if (!found) throw calendarNotFound(id);
  return found.row;
}

/** The type definition must be the tenant's (404), active and apply to calendars (422). */
async function checkTypeDefinition(ctx: ServiceContext, id: string | undefined): Promise<void> {
  if (!id) return;
  const td = await q.typeDefinitionOf(ctx, id);
  if (!td) throw new ApiError('NOT_FOUND', 'Type definition not found', { reason: 'type_definition_not_found', fields: { typeDefinitionId: ['No such type definition in this tenant'] } });
  if (!td.isActive) throw typeDefinitionInvalid('The type definition is inactive');
  if (td.appliesTo !== 'calendar') throw typeDefinitionInvalid('The type definition does not apply to calendars');
}

/** The linked parent exists in the tenant (422) and the caller may link a calendar to it (403). */
async function checkParent(ctx: ServiceContext, c: CalendarCaller, body: CalendarInput): Promise<void> {
  if (body.kind === 'tenant_shared') {
    if (!c.isCalendarAdmin) throw new ApiError('FORBIDDEN', 'Only calendar admins create tenant-shared calendars', { reason: 'CALENDAR_ADMIN_REQUIRED' });
    return;
  }
  const field = body.kind === 'user_linked' ? 'linkedUserId' : body.kind === 'resource_linked' ? 'linkedResourceId' : 'linkedSpaceId';
  const parent = await q.lockParent(ctx, c, { userId: body.linkedUserId, resourceId: body.linkedResourceId, spaceId: body.linkedSpaceId });
  if (!parent) throw linkedParentNotFound(field);
  if (!parent.manageable) throw new ApiError('FORBIDDEN', 'You may not link a calendar to this parent', { reason: 'PARENT_NOT_MANAGEABLE', fields: { [field]: ['Not managed by you'] } });
}

export async function createCalendar(ctx: ServiceContext, p: Principal, body: CalendarInput): Promise<CalendarRow> {
  checkName(body.name);
  checkLinkage(body.kind, body);
  checkTimezone(body.timezone);
  const c = calendarCallerOf(p);
  await checkParent(ctx, c, body);
  await checkTypeDefinition(ctx, body.typeDefinitionId);
  const actor = actorUserOf(p);
  const row = await q.insertCalendar(ctx, {
    kind: body.kind,
    name: body.name.trim(),
    description: body.description ?? null,
    timezone: body.timezone,
    visibility: body.visibility ?? DEFAULT_VISIBILITY,
    policy: body.policy ?? {},
    metadata: body.metadata ?? {},
    typeDefinitionId: body.typeDefinitionId ?? null,
    linkedUserId: body.linkedUserId ?? null,
    linkedResourceId: body.linkedResourceId ?? null,
    linkedSpaceId: body.linkedSpaceId ?? null,
    createdBy: actor,
  });
  await recordMutation(ctx, { calendarId: row.id, entityType: 'calendar', entityId: row.id, action: 'created', summary: `Calendar "${row.name}" created`, actorId: p.actorId });
  ctx.audit({ action: 'calendar.create', resourceType: 'calendar', resourceId: row.id, details: { kind: row.kind } });
  return row;
}

/** Locks the live calendar the caller may see (404) and manages (403). */
async function lockManageable(ctx: ServiceContext, p: Principal, id: string): Promise<CalendarRow> {
  const found = await q.findCalendar(ctx, calendarCallerOf(p), id, true);
  if (!found) throw calendarNotFound(id);
  if (!found.manageable) throw notManageable();
  return found.row;
}

export async function updateCalendar(ctx: ServiceContext, p: Principal, id: string, body: CalendarPatch): Promise<CalendarRow> {
  requireSomeChange(body);
  checkName(body.name);
  checkTimezone(body.timezone);
  await lockManageable(ctx, p, id);
  await checkTypeDefinition(ctx, body.typeDefinitionId);
  const row = await q.updateCalendar(ctx, id, { ...body, ...(body.name !== undefined && { name: body.name.trim() }) });
  await recordMutation(ctx, { calendarId: id, entityType: 'calendar', entityId: id, action: 'updated', summary: `Calendar updated: ${Object.keys(body).sort().join(', ') || 'no fields'}`, actorId: p.actorId });
  ctx.audit({ action: 'calendar.update', resourceType: 'calendar', resourceId: id, details: { fields: Object.keys(body) } });
  return row;
}

/** Soft delete: the row stays (admin list, change log), hidden from every other route. */
export async function deleteCalendar(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  await lockManageable(ctx, p, id);
  await q.updateCalendar(ctx, id, { deletedAt: new Date(), deletedBy: actorUserOf(p) });
  await recordMutation(ctx, { calendarId: id, entityType: 'calendar', entityId: id, action: 'deleted', summary: 'Calendar deleted', actorId: p.actorId });
  ctx.audit({ action: 'calendar.delete', resourceType: 'calendar', resourceId: id });
}

/** The columns a visit-metrics reset sets (the directory's rule over the same columns). */
export const resetColumns = resetSet;

export async function resetVisits(ctx: ServiceContext, p: Principal, id: string, reason: string | null): Promise<CalendarRow> {
  await lockManageable(ctx, p, id);
  const row = await q.updateCalendar(ctx, id, resetColumns(p, reason));
  await recordMutation(ctx, { calendarId: id, entityType: 'calendar', entityId: id, action: 'updated', summary: 'Visit metrics reset', actorId: p.actorId });
  ctx.audit({ action: 'calendar.visit_metrics.reset', resourceType: 'calendar', resourceId: id, details: { reason } });
  return row;
}
