// Every scheduled job of the platform (see registry.ts), and the Worker's scheduled and queue
// handlers. Later areas add their jobs to JOBS.
import type { Env } from '../context';
import { approvalJobs } from '../modules/access/approvals/approvals.jobs';
import { oauthJobs } from '../modules/accounts/oauth/oauth.jobs';
import { invitationJobs } from '../modules/access/invitations/invitations.jobs';
import { outboxJobs } from '../modules/outbox/jobs';
import { realtimeJobs } from '../modules/realtime/events/events.jobs';
import { logInfo } from '../lib/log';
import { runJobs, type Job } from './registry';

/** Order matters only within one cron run: expiries first, so their notices go out in the same run. */
export const JOBS: readonly Job[] = [...invitationJobs, ...approvalJobs, ...oauthJobs, ...outboxJobs, ...realtimeJobs];

export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  await runJobs(JOBS, controller.cron, env);
}

export async function queue(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    logInfo('queue message', { queue: batch.queue, id: message.id });
    message.ack();
  }
}
