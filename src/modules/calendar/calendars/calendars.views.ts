// The reference's Calendar shape of a stored row (ISO instants, linkage as `linkedEntity`).
import type { calendars } from '../../../db/schema/calendar';
import { toVisitMetrics } from '../../directory/shared/directory.rules';

export type CalendarRow = typeof calendars.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCalendar(r: CalendarRow) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    kind: r.kind,
    name: r.name,
    description: r.description,
    timezone: r.timezone,
    visibility: r.visibility,
    policy: r.policy,
    metadata: r.metadata,
    typeDefinitionId: r.typeDefinitionId,
    linkedEntity: { userId: r.linkedUserId, resourceId: r.linkedResourceId, spaceId: r.linkedSpaceId },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy,
    deletedAt: iso(r.deletedAt),
    deletedBy: r.deletedBy,
    totalVisits: r.totalVisits,
    lastVisitedAt: iso(r.lastVisitedAt),
  };
}

/** The reference's VisitSummary of a calendar: the directory's, over the same visit columns. */
export const toVisitSummary = (r: CalendarRow) => toVisitMetrics(r);
