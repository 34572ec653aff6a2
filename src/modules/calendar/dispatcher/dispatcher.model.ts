// The dispatcher's knobs and shapes. A tick claims the reminders due before the next tick
// (`LOOKAHEAD_SECONDS`, with the cron every minute) and hands each delivery to the queue delayed
// to its trigger time; the consumer sends it. Retries back off from `RETRY_BASE_SECONDS` doubling
// up to `RETRY_MAX_SECONDS`; after the queue's max_retries (wrangler.toml) the message goes to the
// dead-letter queue, whose consumer marks the delivery dead and raises an alert.

export const DISPATCH = {
  lookaheadSeconds: 60,
  /** Reminders claimed per statement (one transaction each). */
  claimBatch: 500,
  /** A tick stops claiming after this long (the next tick goes on). */
  tickBudgetMs: 20_000,
  /** Messages per Queue.sendBatch (the platform's limit is 100). */
  queueBatch: 100,
  /** A delivery still open this long after its trigger (and untouched as long) was lost in hand-off: queued again. */
  sweepAfterMinutes: 15,
  retryBaseSeconds: 30,
  retryMaxSeconds: 600,
  /** Backlog older than this makes the dispatcher `degraded`. */
  lagDegradedSeconds: 300,
  /** The cron dispatcher counts as stalled without a run for this long. */
  cronStaleSeconds: 180,
} as const;

/** The body of a reminder queue message. */
export interface DeliveryMessage {
  deliveryKey: string;
}

export interface Claimed {
  deliveryKey: string;
  triggerAt: Date;
}

/** Backoff before retry `attempt` (1-based): 30 s, 60 s, 120 s, … capped at 10 minutes. */
export const retryDelaySeconds = (attempt: number) => Math.min(DISPATCH.retryMaxSeconds, DISPATCH.retryBaseSeconds * 2 ** Math.max(0, attempt - 1));

/** Seconds from `now` until `at`, within what a queue message may be delayed (0-12 h). */
export const delayUntil = (at: Date, now = Date.now()) => Math.min(43_200, Math.max(0, Math.ceil((at.getTime() - now) / 1000)));
