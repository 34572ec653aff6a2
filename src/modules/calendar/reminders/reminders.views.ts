// The reference's Reminder and DispatchPreview item shapes of stored rows.
import type { calendarReminders } from '../../../db/schema/calendar';

export type ReminderRow = typeof calendarReminders.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toReminder(r: ReminderRow) {
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

/**
 * The idempotency key of one delivery: the reminder, its target and the trigger time. The
 * dispatcher sends each key once; a target moved to another time is a new delivery.
 */
export const deliveryKeyOf = (reminderId: string, targetKind: string, targetId: string, triggerAt: Date) => `rem:${reminderId}:${targetKind}:${targetId}:${triggerAt.toISOString()}`;
