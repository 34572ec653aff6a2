// Cron Trigger (every minute): marks overdue invitations and approval requests expired (both
// idempotent; readers already see them as expired), then delivers outbox messages a request could
// not deliver (a crashed isolate, a provider that was down) and the expiry notifications, and prunes
// expired OAuth states and pending registrations. The reminder scan arrives with the calendar area
// and will hand due reminders to the REMINDERS queue from here.
import { requestDb } from '../db/client';
import type { Env } from '../env';
import { loggableError } from '../lib/db-errors';
import { expireApprovals } from '../modules/approvals/service';
import { expireInvitations } from '../modules/invitations/service';
import { pruneOAuthFlows } from '../modules/accounts/oauth-service';
import { deliverPending } from '../modules/outbox/service';

export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const handle = requestDb({ url: env.DATABASE_URL, wsProxy: env.DB_WS_PROXY, connectTimeoutMs: Number(env.DB_CONNECT_TIMEOUT_MS ?? 5000) });
  try {
    const db = await handle.get();
    const invitationsExpired = await expireInvitations(db);
    const approvalsExpired = await expireApprovals(db, env);
    const delivered = await deliverPending(db, env, 100);
    await pruneOAuthFlows(db);
    console.log(JSON.stringify({ level: 'info', msg: 'cron', cron: controller.cron, invitationsExpired, approvalsExpired, outboxDelivered: delivered.length }));
  } catch (err) {
    // The runtime would log the raw error (drizzle's message quotes query parameters): log the
    // summary and fail the run with a message that carries none. The next run retries.
    const summary = loggableError(err);
    console.error(JSON.stringify({ level: 'error', msg: 'cron failed', cron: controller.cron, ...summary }));
    throw new Error(`cron run failed (${String(summary.code ?? summary.error).split(':')[0]})`);
  } finally {
    await handle.close();
  }
}

export async function queue(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    console.log(JSON.stringify({ level: 'info', msg: 'queue message', queue: batch.queue, id: message.id }));
    message.ack();
  }
}
