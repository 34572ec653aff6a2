// Every scheduled job of the platform (see registry.ts), and the Worker's scheduled and queue
// handlers. Later areas add their jobs to JOBS.
import type { Env } from '../context';
import { approvalJobs } from '../modules/access/approvals/approvals.jobs';
import { oauthJobs } from '../modules/accounts/oauth/oauth.jobs';
import { invitationJobs } from '../modules/access/invitations/invitations.jobs';
import { outboxJobs } from '../modules/outbox/jobs';
import { realtimeJobs } from '../modules/realtime/events/events.jobs';
import { metricsJobs } from '../modules/tenants/metrics/metrics.jobs';
import { domainJobs } from '../modules/tenants/domains/domains.jobs';
import { runLanguageSyncJob } from '../modules/tenants';
import { languageSyncJobs } from '../modules/tenants/language-sync/language-sync.jobs';
import { logRetentionJobs } from '../modules/tenants/log-retention/log-retention.jobs';
import { resourceMoveJobs } from '../modules/directory/resource-moves/resource-moves.jobs';
import { recurrenceJobs } from '../modules/calendar/recurrence/recurrence.jobs';
import { dispatcherJobs } from '../modules/calendar/dispatcher/dispatcher.jobs';
import { consumeDeadReminders, consumeReminders } from '../modules/calendar/dispatcher/consumer.service';
import { withJobContext } from './context';
import { logError, logInfo } from '../lib/log';
import { runJobs, type Job } from './registry';

/**
 * Order matters only within one cron run: reminder dispatch first (it is the one on a clock), then
 * expiries, so their notices go out in the same run.
 */
export const JOBS: readonly Job[] = [...dispatcherJobs, ...invitationJobs, ...approvalJobs, ...resourceMoveJobs, ...oauthJobs, ...outboxJobs, ...domainJobs, ...languageSyncJobs, ...logRetentionJobs, ...metricsJobs, ...realtimeJobs, ...recurrenceJobs];

export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  await runJobs(JOBS, controller.cron, env);
}

/** Queue name → the work for one message (a throw retries that message, up to the queue's max_retries). */
const CONSUMERS: Record<string, (env: Env, body: unknown) => Promise<unknown>> = {
  'platform-language-sync': (env, body) => withJobContext(env, 'language-sync', (ctx) => runLanguageSyncJob(ctx, (body as { jobId: string }).jobId)),
};

/** Queue name → the work for a whole batch (it acks and retries each message itself). */
const BATCH_CONSUMERS: Record<string, (env: Env, batch: MessageBatch<unknown>) => Promise<void>> = {
  'platform-reminders': consumeReminders,
  'platform-reminders-dlq': consumeDeadReminders,
};

export async function queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const whole = BATCH_CONSUMERS[batch.queue];
  if (whole) return whole(env, batch);
  const consume = CONSUMERS[batch.queue];
  for (const message of batch.messages) {
    if (consume) {
      try {
        const result = await consume(env, message.body);
        logInfo('queue message', { queue: batch.queue, id: message.id, result });
        message.ack();
      } catch (err) {
        logError('queue message failed', err, { queue: batch.queue, id: message.id });
        message.retry();
      }
      continue;
    }
    logInfo('queue message', { queue: batch.queue, id: message.id });
    message.ack();
  }
}
