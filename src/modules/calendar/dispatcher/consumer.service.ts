// The queue consumer: sends one delivery per message, exactly once. The delivery row is locked for
// the attempt (a concurrent copy of the message skips it) and its outcome commits with what the
// channel wrote (realtime event, outbox messages), so a redelivered message finds it sent. A
// failing attempt rolls back, is recorded `failed` and retried with backoff; the dead-letter
// consumer ends it `dead` with an alert. A target cancelled, moved or deleted since the claim is
// `skipped` (a moved entry's reminder is re-armed for the new time).
import type { BaseContext, Env, JobContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { withJobContext } from '../../../jobs/context';
import { logError, logInfo } from '../../../lib/log';
import { ProviderError } from '../../../providers/messaging/types';
import { byId, refreshNext } from '../reminders/reminders.queries';
import { sendOverChannel } from './channels';
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

/** The `platform-reminders` consumer: one job context (one connection) per batch, one attempt per message. */
export async function consumeReminders(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  await withJobContext(env, 'reminder-delivery', async (ctx: JobContext) => {
    for (const m of batch.messages) {
      const key = keyOf(m.body);
      if (!key) {
        logError('reminder queue: message without a delivery key', undefined, { id: m.id });
        m.ack();
        continue;
      }
      try {
        const result = await consumeDelivery(ctx, key);
        logInfo('reminder delivery', { key, result, attempt: m.attempts });
        m.ack();
      } catch (err) {
        // A receiver that refuses for good (bad request, auth): no point in retrying.
        if (err instanceof ProviderError && !err.retryable && (await deadLetter(ctx, key).catch(() => undefined)) !== undefined) {
          m.ack();
          continue;
        }
        logError('reminder delivery failed', err, { key, attempt: m.attempts });
        m.retry({ delaySeconds: retryDelaySeconds(m.attempts) });
      }
    }
  });
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
