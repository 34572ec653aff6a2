// The queue consumer: sends each delivery exactly once. The delivery row is locked for the attempt
// (a concurrent copy of the message skips it) and its outcome commits with what the channel wrote
// (realtime event, outbox messages), so a redelivered message finds it sent. A batch of messages
// goes out in one transaction of a fixed number of statements (in-app, e-mail, SMS); webhooks (an
// HTTP call each, failing alone), skips, and a batch whose transaction failed go one at a time. A
// failing attempt rolls back, is recorded `failed` and retried with backoff; the dead-letter
// consumer ends it `dead` with an alert. A target cancelled, moved or deleted since the claim is
// `skipped` (a moved entry's reminder is re-armed for the new time).
import type { BaseContext, Env, JobContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { withJobContext } from '../../../jobs/context';
import { logError, logInfo } from '../../../lib/log';
import { publishToUsers, type UserEventInput } from '../../realtime';
import { tenantNotifications, type TenantNotifications } from '../../tenants/settings/notifications';
import { ProviderError } from '../../../providers/messaging/types';
import { byId, refreshNext } from '../reminders/reminders.queries';
import { inAppEvents, sendOverChannel, type Outcome } from './channels';
import * as q from './deliveries.queries';
import { retryDelaySeconds, type DeliveryMessage } from './dispatcher.model';
import { raiseAlert } from './runs.queries';

export type ConsumeResult = 'sent' | 'skipped' | 'duplicate' | 'busy';

/** Why a claimed delivery must not go out any more; undefined when it still should. */
function obsolete(d: q.DeliveryState): { note: string; moved?: true } | undefined {
  if (!d.reminder.live || !d.reminder.enabled) return { note: 'the reminder was deleted or disabled' };
  if (!d.calendar.live) return { note: 'the calendar was deleted' };
  if (!d.target || !d.target.live) return { note: 'the target was cancelled or deleted' };
  if (d.target.startsAt.getTime() + d.reminder.offsetMinutes * 60_000 !== d.triggerAt.getTime()) return { note: 'the target moved to another time', moved: true };
  return undefined;
}

/** One attempt at delivery `key`. Throws when the channel fails (after recording the failure). */
export async function consumeDelivery(ctx: BaseContext, key: string): Promise<ConsumeResult> {
  try {
    return await inTransaction(ctx, async (tx) => {
      const d = await q.lockDelivery(tx, key);
      if (!d) return 'busy';
      if (d.status !== 'queued' && d.status !== 'failed') return 'duplicate';
      const why = obsolete(d);
      if (why) {
        if (why.moved && d.reminder.isEntryReminder && (await q.unfire(tx, d.tenantId, d.reminderId, d.triggerAt))) await refreshNext(tx, byId(d.tenantId, d.reminderId));
        await q.recordOutcome(tx, key, 'skipped', why.note);
        return 'skipped';
      }
      const people = await q.recipients(tx, d.tenantId, d.target!.entryId, [d.target!.ownerUserId, d.reminder.createdBy]);
      const out = await sendOverChannel(tx, d, d.target!, people);
      await q.recordOutcome(tx, key, out.status, out.note);
      return out.status;
    });
  } catch (err) {
    await q.recordOutcome(ctx, key, 'failed', (err instanceof Error ? err.message : String(err)).slice(0, 1000)).catch(() => {});
    throw err;
  }
}

/**
 * The deliveries `keys` in one transaction: locked in one statement, recipients in one, in-app
 * events in two, outcomes in one (e-mail and SMS: one outbox row per person). Answers each key it
 * settled; the others (webhooks, deliveries to skip) are left to `consumeDelivery`.
 */
export async function consumeDeliveries(ctx: BaseContext, keys: string[]): Promise<Map<string, ConsumeResult>> {
  return inTransaction(ctx, async (tx) => {
    const results = new Map<string, ConsumeResult>(keys.map((k) => [k, 'busy']));
    const ready: (q.DeliveryState & { target: NonNullable<q.DeliveryState['target']> })[] = [];
    for (const d of await q.lockDeliveries(tx, keys)) {
      if (d.status !== 'queued' && d.status !== 'failed') results.set(d.deliveryKey, 'duplicate');
      else if (d.channel === 'webhook' || obsolete(d)) results.delete(d.deliveryKey);
      else ready.push(d as (typeof ready)[number]);
    }
    const people = await q.recipientsOf(tx, ready.map((d) => ({ tenantId: d.tenantId, entryId: d.target.entryId, fallback: [d.target.ownerUserId, d.reminder.createdBy] })));
    const settings = new Map<string, Promise<TenantNotifications>>();
    const settingsOf = (id: string) => settings.get(id) ?? settings.set(id, tenantNotifications(tx, id)).get(id)!;
    const events: UserEventInput[] = [];
    const outcomes: (Outcome & { key: string })[] = [];
    for (const d of ready) {
      const who = people.get(d.target.entryId) ?? [];
      if (d.channel === 'in_app') {
        const out = inAppEvents(d, d.target, who);
        events.push(...out.events);
        outcomes.push({ key: d.deliveryKey, ...out.outcome });
      } else {
        outcomes.push({ key: d.deliveryKey, ...(await sendOverChannel(tx, d, d.target, who, settingsOf)) });
      }
    }
    await publishToUsers(tx, events);
    await q.recordOutcomes(tx, outcomes);
    for (const o of outcomes) results.set(o.key, o.status);
    return results;
  });
}

/** Ends delivery `key` dead and raises an alert for it (once); false when it was sent or dead already. */
export async function deadLetter(ctx: BaseContext, key: string): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const dead = await q.markDead(tx, key);
    if (!dead) return false;
    await raiseAlert(tx, {
      tenantId: dead.tenantId,
      type: 'reminder_dead_letter',
      severity: 'warning',
      title: `A ${dead.channel} reminder could not be delivered`,
      message: `Delivery ${key} failed on every attempt${dead.lastError ? `; last error: ${dead.lastError}` : ''}`,
      deliveryKey: key,
    });
    return true;
  });
}

const keyOf = (body: unknown) => (typeof (body as DeliveryMessage)?.deliveryKey === 'string' ? (body as DeliveryMessage).deliveryKey : undefined);

/** The `platform-reminders` consumer: one job context (one connection) per batch, sent together where it can. */
export async function consumeReminders(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  await withJobContext(env, 'reminder-delivery', async (ctx: JobContext) => {
    const keyed: [Message<unknown>, string][] = [];
    for (const m of batch.messages) {
      const key = keyOf(m.body);
      if (key) keyed.push([m, key]);
      else {
        logError('reminder queue: message without a delivery key', undefined, { id: m.id });
        m.ack();
      }
    }
    const settled = await consumeDeliveries(ctx, [...new Set(keyed.map(([, k]) => k))]).catch((err: unknown) => {
      logError('reminder batch failed; sending one at a time', err, { size: keyed.length });
      return new Map<string, ConsumeResult>();
    });
    for (const [m, key] of keyed) {
      const result = settled.get(key);
      if (result) {
        logInfo('reminder delivery', { key, result, attempt: m.attempts });
        m.ack();
      } else await consumeOne(ctx, m, key);
    }
  });
}

/** One message on its own: its delivery in a transaction of its own, retried with backoff when it fails. */
async function consumeOne(ctx: JobContext, m: Message<unknown>, key: string): Promise<void> {
  try {
    const result = await consumeDelivery(ctx, key);
    logInfo('reminder delivery', { key, result, attempt: m.attempts });
    m.ack();
  } catch (err) {
    // A receiver that refuses for good (bad request, auth): no point in retrying.
    if (err instanceof ProviderError && !err.retryable && (await deadLetter(ctx, key).catch(() => undefined)) !== undefined) {
      m.ack();
      return;
    }
    logError('reminder delivery failed', err, { key, attempt: m.attempts });
    m.retry({ delaySeconds: retryDelaySeconds(m.attempts) });
  }
}

/** The `platform-reminders-dlq` consumer: messages out of retries end their deliveries dead, with an alert. */
export async function consumeDeadReminders(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  await withJobContext(env, 'reminder-dead-letter', async (ctx: JobContext) => {
    for (const m of batch.messages) {
      const key = keyOf(m.body);
      if (key) await deadLetter(ctx, key);
      m.ack();
    }
  });
}
