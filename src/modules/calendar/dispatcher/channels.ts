// Sending one claimed delivery over its channel. `in_app` and the outbox channels write in the
// consumer's transaction (the realtime event, the outbox messages) together with the delivery's
// outcome, so a redelivered message finds the delivery sent and does nothing; the webhook POST
// carries the delivery key as `webhook-id` for the receiver to do the same.
import type { BaseContext } from '../../../context';
import { sendMessage } from '../../outbox/send';
import { postSigned } from '../../../providers/webhooks/notify';
import { publishToUsers, type UserEventInput } from '../../realtime';
import { tenantNotifications, type TenantNotifications } from '../../tenants/settings/notifications';
import type { DeliveryState, Recipient } from './deliveries.queries';
import { webhookSecret } from './webhook-secret';

export type Target = NonNullable<DeliveryState['target']>;
export type Outcome = { status: 'sent' | 'skipped'; note: string | null };

/** The realtime event type of an in-app reminder (on the user's channel `user:<userId>`). */
export const REMINDER_EVENT = 'calendar.reminder';

/** What every channel says about the reminder (the realtime event's data, the webhook's body). */
export function reminderPayload(d: DeliveryState, t: Target) {
  return {
    deliveryKey: d.deliveryKey,
    reminderId: d.reminderId,
    calendarId: d.calendarId,
    calendarName: d.calendar.name,
    channel: d.channel,
    offsetMinutes: d.reminder.offsetMinutes,
    triggerAt: d.triggerAt.toISOString(),
    target: { kind: d.targetKind, id: d.targetId, entryId: t.entryId, title: t.title, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString(), timezone: t.timezone, isAllDay: t.isAllDay },
  };
}

/** The start in the target's zone, as a person reads it ("Thu, 10 Jan 2030, 10:00 CET"; all-day: the date). */
export function formatStart(t: Target): string {
  const opts: Intl.DateTimeFormatOptions = t.isAllDay
    ? { timeZone: t.timezone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
    : { timeZone: t.timezone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  return new Intl.DateTimeFormat('en-GB', opts).format(t.startsAt);
}

const skipped = (note: string): Outcome => ({ status: 'skipped', note });
const NOBODY = 'nobody to remind (no active participant)';

/** An in-app reminder: one realtime event per person (`publishToUsers` writes them, one batch or many). */
export function inAppEvents(d: DeliveryState, t: Target, people: Recipient[]): { outcome: Outcome; events: UserEventInput[] } {
  if (!people.length) return { outcome: skipped(NOBODY), events: [] };
  const data = reminderPayload(d, t);
  return { outcome: { status: 'sent', note: null }, events: people.map((p) => ({ tenantId: d.tenantId, userId: p.userId, eventType: REMINDER_EVENT, data })) };
}

/**
 * Sends `d` to `people` over its channel; throws when the channel fails (the consumer retries).
 * `settingsOf`: the tenant's notification settings (a batch reads each tenant's once).
 */
export async function sendOverChannel(
  ctx: BaseContext,
  d: DeliveryState,
  t: Target,
  people: Recipient[],
  settingsOf: (tenantId: string) => Promise<TenantNotifications> = (id) => tenantNotifications(ctx, id),
): Promise<Outcome> {
  if (d.channel === 'in_app') {
    const { outcome, events } = inAppEvents(d, t, people);
    await publishToUsers(ctx, events);
    return outcome;
  }
  const settings = await settingsOf(d.tenantId);
  if (d.channel === 'webhook') {
    if (!settings.webhook_url) return skipped('the tenant has no notifications.webhook_url');
    const payload = { type: REMINDER_EVENT, tenantId: d.tenantId, ...reminderPayload(d, t), recipientUserIds: people.map((p) => p.userId) };
    await postSigned({ url: settings.webhook_url, secret: await webhookSecret(ctx.env, d.tenantId), id: d.deliveryKey, payload });
    return { status: 'sent', note: null };
  }
  if (d.channel === 'email' && !settings.email_notifications) return skipped('e-mail notifications are off for this tenant');
  if (d.channel === 'sms' && !settings.sms_notifications) return skipped('SMS notifications are off for this tenant');
  const reachable = people.filter((p) => (d.channel === 'email' ? p.email : p.phone));
  if (!reachable.length) return skipped(d.channel === 'sms' ? 'no participant has a verified phone number' : NOBODY);
  const db = await ctx.db();
  const vars = { title: t.title, when: formatStart(t), calendarName: d.calendar.name, link: `${ctx.config.appUrl}/calendar/${d.calendarId}?entry=${t.entryId}` };
  for (const p of reachable) {
    await sendMessage(ctx, db, {
      tenantId: d.tenantId,
      channel: d.channel,
      to: d.channel === 'email' ? p.email : p.phone!,
      template: 'calendar_reminder',
      vars,
      payload: { deliveryKey: d.deliveryKey },
      idempotencyKey: `${d.deliveryKey}:${p.userId}`,
    });
  }
  return { status: 'sent', note: reachable.length < people.length ? `${people.length - reachable.length} participant(s) without a verified phone number` : null };
}
