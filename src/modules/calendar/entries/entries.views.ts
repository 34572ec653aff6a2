// The reference's CalendarEntry and assignment (participant) shapes of stored rows.
import type { calendarEntries, calendarEntryParticipants } from '../../../db/schema/calendar';

export type EntryRow = typeof calendarEntries.$inferSelect;
export type ParticipantRow = typeof calendarEntryParticipants.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toEntry(r: EntryRow) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    calendarId: r.calendarId,
    kind: r.kind,
    status: r.status,
    visibility: r.visibility,
    title: r.title,
    description: r.description,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    localStartDate: r.localStartDate,
    localEndDateExclusive: r.localEndDateExclusive,
    timezone: r.timezone,
    isAllDay: r.isAllDay,
    ownerUserId: r.ownerUserId,
    metadata: r.metadata,
    typeDefinitionId: r.typeDefinitionId,
    locationName: r.locationName,
    locationPayload: r.locationPayload,
    approvalState: r.approvalState,
    approvalRequestId: r.approvalRequestId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy,
    deletedAt: iso(r.deletedAt),
    deletedBy: r.deletedBy,
  };
}

export function toParticipant(r: ParticipantRow) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    calendarEntryId: r.calendarEntryId,
    actorType: r.actorType,
    actorUserId: r.actorUserId,
    actorGroupId: r.actorGroupId,
    role: r.role,
    responseStatus: r.responseStatus,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy,
    deletedAt: iso(r.deletedAt),
    deletedBy: r.deletedBy,
  };
}
