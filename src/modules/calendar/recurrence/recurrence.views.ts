// The reference's RecurrenceMaster and RecurrenceInstance shapes of stored rows. Instances are never
// deleted (they are cancelled instead) and are made by their master: they answer its creator and no
// deletion.
import type { recurrenceInstances, recurrenceMasters } from '../../../db/schema/calendar';

export type MasterRow = typeof recurrenceMasters.$inferSelect;
export type InstanceRow = typeof recurrenceInstances.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMaster(r: MasterRow) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    calendarId: r.calendarId,
    rootEntryId: r.rootEntryId,
    frequency: r.frequency,
    intervalCount: r.intervalCount,
    byWeekday: r.byWeekday,
    byMonthDay: r.byMonthDay,
    startsAt: r.startsAt.toISOString(),
    untilAt: iso(r.untilAt),
    occurrenceCountLimit: r.occurrenceCountLimit,
    timezone: r.timezone,
    generatedWindowDays: r.generatedWindowDays,
    metadata: r.metadata,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy,
    deletedAt: iso(r.deletedAt),
    deletedBy: r.deletedBy,
  };
}

export function toInstance(r: InstanceRow, createdBy: string | null) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    calendarId: r.calendarId,
    recurrenceMasterId: r.recurrenceMasterId,
    sourceEntryId: r.sourceEntryId,
    instanceDate: r.instanceDate,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    localStartDate: r.localStartDate,
    localEndDateExclusive: r.localEndDateExclusive,
    timezone: r.timezone,
    isAllDay: r.isAllDay,
    instanceState: r.instanceState,
    status: r.status,
    titleOverride: r.titleOverride,
    descriptionOverride: r.descriptionOverride,
    metadataOverride: r.metadataOverride,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy,
    deletedAt: null,
    deletedBy: null,
  };
}
