// Cron Trigger: finds due work and hands it to Queues. The reminder scan arrives with the calendar
// area; the trigger, the queue binding and the consumer are wired now so `npm start` runs them.
import type { Env } from '../env';

export async function scheduled(controller: ScheduledController, _env: Env): Promise<void> {
  console.log(JSON.stringify({ level: 'info', msg: 'cron', cron: controller.cron, at: new Date(controller.scheduledTime).toISOString() }));
}

export async function queue(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    console.log(JSON.stringify({ level: 'info', msg: 'queue message', queue: batch.queue, id: message.id }));
    message.ack();
  }
}
