// /api/v1/system/dispatcher: run a dispatch tick, its status and health, alert acknowledgement.
// System administrators only.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/calendar';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const HOW =
  'Reminders are dispatched by a Cron Trigger every minute: a tick claims the enabled reminders due within the next minute (SKIP LOCKED, so overlapping ticks never claim one twice), records one delivery per `deliveryKey` and advances each reminder to its next occurrence in the same transaction, then queues each delivery on `platform-reminders` delayed to its trigger time. The consumer sends it once (the delivery row is locked for the attempt and its outcome commits with the realtime event or outbox messages; webhooks carry the key as `webhook-id`); failures retry with backoff (30 s doubling to 10 min, 5 retries) and then go to `platform-reminders-dlq`, which marks the delivery dead and raises an alert. Deliveries lost between claim and queue are queued again after 15 minutes.';

export const run = contractRoute(contract.postSystemDispatcherRun, {
  description: `Runs one dispatch tick now (as the cron does) and answers its record: \`jobs_executed\` = deliveries handed to the queue, \`jobs_failed\` = deliveries the queue refused (queued again by a later tick), \`jobs_skipped\` = due reminders whose delivery key had been sent before (advanced without sending), \`alerts_sent\` = alerts raised, \`health_status\` = health after the tick. \`tenantId\` limits the tick to one tenant. A tick claims for at most 20 s; what is left waits for the next. ${HOW} System administrators only.`,
  request: { query: z.object({ tenantId: z.uuid().optional().openapi({ description: 'Only this tenant\'s reminders' }) }) },
  bodyOptional: true,
  auth: { systemAdmin: true },
  // Each claim batch commits before its deliveries are queued: the tick manages its own transactions.
  unitOfWork: false,
});

export const status = contractRoute(contract.getSystemDispatcherStatus, {
  description: `\`enabled\`: whether the cron dispatches (the deployment's DISPATCHER_CRON; manual runs always work); \`mode\` is \`serverless\` (Cron Triggers and Queues). \`last_run.health_status\` holds the health recorded by that tick, with \`figures\`: \`backlog\` (due, unclaimed), \`inFlight\` (claimed, past trigger, unsent), \`lagSeconds\` (how late the oldest of them is), \`failing\`, \`dead24h\`, \`openAlerts\`. The 10 latest runs and 20 alerts (unacknowledged first). ${HOW} System administrators only.`,
  auth: { systemAdmin: true },
});

export const health = contractRoute(contract.getSystemDispatcherHealth, {
  description: 'Health now, per part: `database`, `queue` (the binding), `cron` (unhealthy without a tick for 3 minutes; degraded when switched off), `deliveries` (degraded when the oldest due reminder is more than 5 minutes late or deliveries are failing), `dead_letters` (degraded with dead letters in 24 h or unacknowledged alerts). `overall` is `healthy` only when every part is. System administrators only.',
  auth: { systemAdmin: true },
});

export const acknowledge = contractRoute(contract.postSystemDispatcherAlertsByIdAcknowledge, {
  description: 'Marks the alert acknowledged by the caller (the first acknowledgement is kept; acknowledging again answers success). 404 for an unknown id. System administrators only.',
  request: { params: idParam('Alert id') },
  bodyOptional: true,
  auth: { systemAdmin: true },
  errors: [400, 404],
});
