// The reference's admin shapes: linked parent, policy summary, statistics, reminders.
import type { calendarReminders } from '../../../db/schema/calendar';
import { toCalendar } from '../calendars/calendars.views';
import { policySummary } from './admin.policy';
import type { AdminCalendarRead } from './admin.queries';

const LINK_TYPE = { user_linked: 'user', resource_linked: 'resource', space_linked: 'space', tenant_shared: 'tenant' } as const;

export function toLinkedParent(r: AdminCalendarRead) {
  const c = r.row;
  const entityId = c.linkedUserId ?? c.linkedResourceId ?? c.linkedSpaceId;
  const shared = c.kind === 'tenant_shared';
  return {
    linkType: LINK_TYPE[c.kind],
    entityId,
    entityName: shared ? null : r.parentName,
    accessMode: shared ? ('tenant_shared' as const) : ('linked_parent' as const),
    note: shared ? 'Shared across the tenant: no linked parent' : null,
  };
}

export const toPolicy = (r: AdminCalendarRead) => policySummary(r.row.adminPolicy, r.parentCalendarSettings);

export function toAdminListItem(r: AdminCalendarRead) {
  const c = r.row;
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    visibility: c.visibility,
    timezone: c.timezone,
    activeState: c.deletedAt ? ('deleted' as const) : ('active' as const),
    linkedParent: toLinkedParent(r),
    policySummary: toPolicy(r),
    // No share endpoints exist (visibility alone decides): explicit shares are always 0.
    stats: { explicitShareCount: 0, enabledReminderCount: r.enabledReminderCount, nextReminderTriggerAt: r.nextReminderTriggerAt },
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function toAdminDetail(r: AdminCalendarRead & { futureEntryCount: number; futureInstanceCount: number }) {
  return {
    calendar: toCalendar(r.row),
    linkedParent: toLinkedParent(r),
    policy: toPolicy(r),
    statistics: {
      explicitShareCount: 0,
      totalReminderCount: r.totalReminderCount,
      enabledReminderCount: r.enabledReminderCount,
      nextReminderTriggerAt: r.nextReminderTriggerAt,
      futureEntryCount: r.futureEntryCount,
      futureInstanceCount: r.futureInstanceCount,
    },
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toReminder(r: typeof calendarReminders.$inferSelect) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    calendarId: r.calendarId,
    calendarEntryId: r.calendarEntryId,
    recurrenceMasterId: r.recurrenceMasterId,
    channel: r.channel,
    offsetMinutes: r.offsetMinutes,
    isEnabled: r.isEnabled,
    nextTriggerAt: iso(r.nextTriggerAt),
    lastTriggeredAt: iso(r.lastTriggeredAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy,
    deletedAt: iso(r.deletedAt),
    deletedBy: r.deletedBy,
  };
}
