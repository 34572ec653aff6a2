// One dispatch tick (the cron job and POST /system/dispatcher/run), and what status and health
// report. A tick: claims due reminders in batches (one transaction each, SKIP LOCKED so
// overlapping ticks take different reminders, each reminder advanced to its next occurrence in the
// same transaction), hands the new deliveries to the queue once committed, delayed to their
// trigger time, queues again what a crash left behind, and records the run with its health.
import type { BaseContext, Env } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { logError } from '../../../lib/log';
import { byIds, refreshNext } from '../reminders/reminders.queries';
import { claimDue, staleDeliveries } from './claims.queries';
import { DISPATCH, delayUntil, type Claimed, type DeliveryMessage } from './dispatcher.model';
import { assess, type Health } from './health';
import * as runs from './runs.queries';

export interface TickOptions {
  trigger: 'cron' | 'manual';
  /** Limits the tick to one tenant's reminders (manual runs). */
  tenantId?: string;
}

/** Whether the cron job dispatches (DISPATCHER_CRON=off switches it off; manual runs always work). */
export const cronEnabled = (env: Env) => env.DISPATCHER_CRON !== 'off';

/** Sends deliveries to the queue, each delayed until its trigger time, in batches the platform accepts. */
async function enqueue(env: Env, deliveries: Claimed[]): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < deliveries.length; i += DISPATCH.queueBatch) {
    const batch = deliveries.slice(i, i + DISPATCH.queueBatch);
    await env.REMINDERS.sendBatch(batch.map((d): MessageSendRequest<DeliveryMessage> => ({ body: { deliveryKey: d.deliveryKey }, delaySeconds: delayUntil(d.triggerAt, now) })));
  }
}

interface Counts {
  queued: number;
  failed: number;
  skipped: number;
}

/** Claims and queues batches until nothing is due or the tick's time is up. */
async function dispatchDue(ctx: BaseContext, o: TickOptions, counts: Counts): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < DISPATCH.tickBudgetMs) {
    const claim = await inTransaction(ctx, async (tx) => {
      const c = await claimDue(tx, { limit: DISPATCH.claimBatch, lookaheadSeconds: DISPATCH.lookaheadSeconds, tenantId: o.tenantId });
      if (c.reminderIds.length) await refreshNext(tx, byIds(c.reminderIds));
      return c;
    });
    // A reminder whose delivery key was sent before (an ack put it back) is advanced, not sent again.
    counts.skipped += claim.reminderIds.length - claim.deliveries.length;
    try {
      await enqueue(ctx.env, claim.deliveries);
      counts.queued += claim.deliveries.length;
    } catch (err) {
      // Committed but not queued: the sweep of a later tick queues them again.
      logError('dispatcher: queue send failed', err, { deliveries: claim.deliveries.length });
      counts.failed += claim.deliveries.length;
      return;
    }
    if (claim.reminderIds.length < DISPATCH.claimBatch) return;
  }
}

/** Deliveries lost between claim and queue (or a lost retry), queued again. */
async function sweep(ctx: BaseContext, o: TickOptions, counts: Counts): Promise<void> {
  const stale = await staleDeliveries(ctx, { minutes: DISPATCH.sweepAfterMinutes, limit: DISPATCH.claimBatch, tenantId: o.tenantId });
  if (!stale.length) return;
  try {
    await enqueue(ctx.env, stale);
    counts.queued += stale.length;
  } catch (err) {
    logError('dispatcher: queue send failed (sweep)', err, { deliveries: stale.length });
    counts.failed += stale.length;
  }
}

export async function currentHealth(ctx: BaseContext): Promise<Health> {
  return assess(await runs.figures(ctx), { cronEnabled: cronEnabled(ctx.env), queueBound: !!ctx.env.REMINDERS });
}

/** One tick, recorded as a dispatcher run (jobs = deliveries handed to the queue). */
export async function tick(ctx: BaseContext, o: TickOptions): Promise<runs.RunRow> {
  const run = await runs.insertRun(ctx, o.trigger);
  const counts: Counts = { queued: 0, failed: 0, skipped: 0 };
  await dispatchDue(ctx, o, counts);
  await sweep(ctx, o, counts);
  const health = await currentHealth(ctx);
  // Late reminders raise an alert (at most one open per hour); the deliveries part says how late.
  const deliveries = health.services.find((s) => s.service_name === 'deliveries')!;
  const alertsSent =
    health.figures.lagSeconds > DISPATCH.lagDegradedSeconds
      ? Number(await runs.raiseAlert(ctx, { type: 'dispatch_lag', severity: 'warning', title: 'Reminders are late', message: deliveries.message }))
      : 0;
  return runs.completeRun(ctx, run.id, { jobsExecuted: counts.queued, jobsFailed: counts.failed, jobsSkipped: counts.skipped, alertsSent, healthStatus: health as unknown as Record<string, unknown> });
}

export async function status(ctx: BaseContext) {
  const [recent, alerts] = await Promise.all([runs.recentRuns(ctx, 10), runs.recentAlerts(ctx, 20)]);
  return { enabled: cronEnabled(ctx.env), recent, alerts };
}

export async function acknowledge(ctx: BaseContext, id: string, userId: string): Promise<{ already: boolean }> {
  const out = await runs.acknowledgeAlert(ctx, id, userId);
  if (!out) throw new ApiError('NOT_FOUND', 'Alert not found');
  return out;
}
