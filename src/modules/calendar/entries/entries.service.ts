// Entries: list (bounded window), create (in a calendar the caller manages; approval when the
// tenant asks for it), read, update, status transitions (one matrix, entries.rules.ts), soft delete
// and the current user's response to an assignment. Writes run in the request's transaction
// (ctx.db()) with their calendar_mutations row and audit entry.
import type { Principal, ServiceContext } from '../../../context';
import type { Role } from '../../../db/schema/accounts';
import type { EntryKind, EntryStatus, EntryVisibility, ResponseStatus } from '../../../db/schema/calendar';
import { ApiError } from '../../../lib/errors';
import { requireSomeChange } from '../../../lib/validation';
import { requestApprovalIfNeeded, withdrawRequest } from '../../access/approvals';
import { findCalendar, typeDefinitionOf } from '../calendars/calendars.queries';
import { checkTimezone, notManageable, typeDefinitionInvalid } from '../calendars/calendars.rules';
import type { CalendarCaller } from '../shared/calendar-access';
import { actorUserOf, calendarCallerOf, calendarNotFound } from '../shared/calendar-caller';
import { recordMutation } from '../shared/mutations.queries';
import * as q from './entries.queries';
import { checkTransition, initialStatus, participantsOf, spanColumns, withOwner, type WantedParticipant } from './entries.rules';
import type { EntryRow, ParticipantRow } from './entries.views';
import * as pq from './participants.queries';
import { ofEntry, refreshNext } from '../reminders/reminders.queries';

export interface EntryInput {
  calendarId: string;
  kind: EntryKind;
  status?: EntryStatus;
  visibility?: EntryVisibility;
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  isAllDay?: boolean;
  ownerUserId?: string;
  metadata?: Record<string, unknown>;
  typeDefinitionId?: string;
  locationName?: string;
  locationPayload?: Record<string, unknown>;
}
export type EntryPatch = Partial<Omit<EntryInput, 'calendarId'>>;

/** Status of a new entry when the body gives none. */
export const DEFAULT_STATUS: EntryStatus = 'confirmed';

export const entryNotFound = (id: string) => new ApiError('NOT_FOUND', 'Calendar entry not found', { reason: 'entry_not_found', entryId: id });

export const listEntries = (ctx: ServiceContext, c: CalendarCaller, f: q.EntryListFilter) => q.listEntries(ctx, c, f);

export async function getEntry(ctx: ServiceContext, c: CalendarCaller, id: string): Promise<EntryRow> {
  const found = await q.findEntry(ctx, c, id);
  if (!found) throw entryNotFound(id);
  return found.row;
}

function checkTitle(title: string | undefined): void {
  if (title !== undefined && !title.trim()) throw new ApiError('UNPROCESSABLE_ENTITY', 'title must not be blank', { reason: 'TITLE_BLANK', fields: { title: ['At least 1 visible character'] } });
}

/** Entries take type definitions of the calendar family: the tenant's (404), active, applying to `calendar` (422). */
async function checkTypeDefinition(ctx: ServiceContext, id: string | undefined): Promise<void> {
  if (!id) return;
  const td = await typeDefinitionOf(ctx, id);
  if (!td) throw new ApiError('NOT_FOUND', 'Type definition not found', { reason: 'type_definition_not_found', fields: { typeDefinitionId: ['No such type definition in this tenant'] } });
  if (!td.isActive) throw typeDefinitionInvalid('The type definition is inactive');
  if (td.appliesTo !== 'calendar') throw typeDefinitionInvalid('The type definition does not apply to calendars and their entries');
}

/** The owner and every participant named must be the tenant's (422, nothing written). */
async function checkActors(ctx: ServiceContext, ownerUserId: string | undefined, wanted: WantedParticipant[] | undefined): Promise<void> {
  const users = [...new Set([...(ownerUserId ? [ownerUserId] : []), ...(wanted ?? []).filter((w) => w.kind === 'user').map((w) => w.id)])];
  const groupIds = (wanted ?? []).filter((w) => w.kind === 'group').map((w) => w.id);
  const foreign = await q.foreignActors(ctx, users, groupIds);
  if (!foreign.users.length && !foreign.groups.length) return;
  const fields: Record<string, string[]> = {};
  if (ownerUserId && foreign.users.includes(ownerUserId)) fields.ownerUserId = ['Not a member of this tenant'];
  const others = foreign.users.filter((u) => u !== ownerUserId);
  if (others.length || foreign.groups.length) fields['metadata.participants'] = [...others.map((u) => `User ${u} is not a member of this tenant`), ...foreign.groups.map((g) => `Group ${g} is not a group of this tenant`)];
  throw new ApiError('UNPROCESSABLE_ENTITY', 'Unknown users or groups', { reason: 'ACTOR_NOT_FOUND', fields });
}

export async function createEntry(ctx: ServiceContext, p: Principal, body: EntryInput): Promise<EntryRow> {
  checkTitle(body.title);
  checkTimezone(body.timezone);
  const span = spanColumns({ startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt), timezone: body.timezone, isAllDay: body.isAllDay ?? false });
  const wanted = participantsOf(body.metadata);
  const cal = await findCalendar(ctx, calendarCallerOf(p), body.calendarId, true);
  if (!cal) throw calendarNotFound(body.calendarId);
  if (!cal.manageable) throw notManageable();
  await checkTypeDefinition(ctx, body.typeDefinitionId);
  await checkActors(ctx, body.ownerUserId, wanted);
  const actor = actorUserOf(p);
  let row = await q.insertEntry(ctx, {
    calendarId: body.calendarId,
    kind: body.kind,
    status: body.status ?? DEFAULT_STATUS,
    visibility: body.visibility ?? 'default',
    title: body.title.trim(),
    description: body.description ?? null,
    ...span,
    ownerUserId: body.ownerUserId ?? null,
    metadata: body.metadata ?? {},
    typeDefinitionId: body.typeDefinitionId ?? null,
    locationName: body.locationName ?? null,
    locationPayload: body.locationPayload ?? {},
    createdBy: actor,
  });
  const people = withOwner(wanted ?? [], row.ownerUserId);
  if (people.length) await pq.syncParticipants(ctx, row.id, people, actor);
  // API keys have no membership role: their entries need approval whenever the tenant asks for it.
  const role: Role = p.kind === 'user' ? p.role : 'guest';
  const approval = actor ? await requestApprovalIfNeeded(ctx, { tenantId: row.tenantId, entityType: 'calendar_entry', entityId: row.id, entityName: row.title, requestedBy: actor, role }) : { state: 'approved' as const };
  if (approval.state === 'pending') {
    row = await q.updateEntry(ctx, row.id, { approvalState: 'pending', approvalRequestId: approval.requestId, status: initialStatus(row.status, true) });
  }
  await recordMutation(ctx, { calendarId: row.calendarId, entityType: 'entry', entityId: row.id, action: 'created', summary: `Entry "${row.title}" created`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_entry.create', resourceType: 'calendar_entry', resourceId: row.id, details: { calendarId: row.calendarId, kind: row.kind, ...(approval.requestId && { approvalRequestId: approval.requestId }) } });
  return row;
}

/** Locks the readable entry (404) the caller changes (403). */
async function lockManageable(ctx: ServiceContext, p: Principal, id: string): Promise<EntryRow> {
  const found = await q.findEntry(ctx, calendarCallerOf(p), id, true);
  if (!found) throw entryNotFound(id);
  if (!found.manageable) throw new ApiError('FORBIDDEN', 'You may not change this entry', { reason: 'ENTRY_NOT_MANAGEABLE' });
  return found.row;
}

export async function updateEntry(ctx: ServiceContext, p: Principal, id: string, body: EntryPatch): Promise<EntryRow> {
  requireSomeChange(body);
  checkTitle(body.title);
  checkTimezone(body.timezone);
  const wanted = participantsOf(body.metadata);
  const cur = await lockManageable(ctx, p, id);
  if (body.status !== undefined) checkTransition(cur.status, body.status, cur.approvalState === 'pending');
  const timing = body.startsAt !== undefined || body.endsAt !== undefined || body.timezone !== undefined || body.isAllDay !== undefined;
  const span = timing
    ? spanColumns({
        startsAt: body.startsAt ? new Date(body.startsAt) : cur.startsAt,
        endsAt: body.endsAt ? new Date(body.endsAt) : cur.endsAt,
        timezone: body.timezone ?? cur.timezone,
        isAllDay: body.isAllDay ?? cur.isAllDay,
      })
    : {};
  await checkTypeDefinition(ctx, body.typeDefinitionId);
  await checkActors(ctx, body.ownerUserId, wanted);
  const { startsAt: _s, endsAt: _e, ...plain } = body;
  const row = await q.updateEntry(ctx, id, { ...plain, ...span, ...(body.title !== undefined && { title: body.title.trim() }) });
  if (wanted !== undefined || (body.ownerUserId !== undefined && body.ownerUserId !== cur.ownerUserId)) {
    await pq.syncParticipants(ctx, id, withOwner(wanted ?? participantsOf(cur.metadata) ?? [], row.ownerUserId), actorUserOf(p));
  }
  // Its reminders follow a move or a cancellation.
  if (timing || body.status !== undefined) await refreshNext(ctx, ofEntry(row.tenantId, id));
  await recordMutation(ctx, { calendarId: row.calendarId, entityType: 'entry', entityId: id, action: 'updated', summary: `Entry updated: ${Object.keys(body).sort().join(', ')}`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_entry.update', resourceType: 'calendar_entry', resourceId: id, details: { fields: Object.keys(body) } });
  return row;
}

export async function transitionEntry(ctx: ServiceContext, p: Principal, id: string, status: EntryStatus): Promise<EntryRow> {
  const cur = await lockManageable(ctx, p, id);
  checkTransition(cur.status, status, cur.approvalState === 'pending');
  if (cur.status === status) return cur;
  const row = await q.updateEntry(ctx, id, { status });
  await refreshNext(ctx, ofEntry(row.tenantId, id));
  await recordMutation(ctx, { calendarId: row.calendarId, entityType: 'entry', entityId: id, action: 'updated', summary: `Entry status ${cur.status} → ${status}`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_entry.status', resourceType: 'calendar_entry', resourceId: id, details: { from: cur.status, to: status } });
  return row;
}

/** Soft delete with the entry's reminders; an approval still pending is withdrawn. */
export async function deleteEntry(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  const cur = await lockManageable(ctx, p, id);
  const by = actorUserOf(p);
  if (cur.approvalState === 'pending' && cur.approvalRequestId) await withdrawRequest(ctx, cur.tenantId, cur.approvalRequestId, by, 'Calendar entry deleted');
  await q.deleteEntry(ctx, id, by);
  await recordMutation(ctx, { calendarId: cur.calendarId, entityType: 'entry', entityId: id, action: 'deleted', summary: `Entry "${cur.title}" deleted`, actorId: p.actorId });
  ctx.audit({ action: 'calendar_entry.delete', resourceType: 'calendar_entry', resourceId: id });
}

/** The signed-in user's response to an entry they are assigned to (as a user or through a group). */
export async function respond(ctx: ServiceContext, p: Principal, id: string, status: ResponseStatus): Promise<ParticipantRow> {
  if (p.kind !== 'user') throw new ApiError('FORBIDDEN', 'Only a signed-in person responds to an assignment', { reason: 'USER_REQUIRED' });
  const found = await q.findEntry(ctx, calendarCallerOf(p), id, true);
  if (!found) throw entryNotFound(id);
  const row = await pq.respond(ctx, id, p.userId, status);
  if (!row) throw new ApiError('FORBIDDEN', 'You are not a participant of this entry', { reason: 'NOT_A_PARTICIPANT' });
  ctx.audit({ action: 'calendar_entry.respond', resourceType: 'calendar_entry', resourceId: id, details: { responseStatus: status } });
  return row;
}
