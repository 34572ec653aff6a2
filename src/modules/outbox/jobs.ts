// Scheduled work of the outbox: delivers what a request could not (a crashed isolate, a provider
// that was down) in batches, and clears delivered content after the retention period.
import type { Job } from '../../jobs/registry';
import { purgeDeliveredContent } from './content';
import { deliverPending } from './service';

export const outboxJobs: Job[] = [
  { name: 'outbox-deliver', schedule: '* * * * *', run: async (ctx) => ({ delivered: (await deliverPending(await ctx.db(), ctx.env, 100)).length }) },
  { name: 'outbox-retention', schedule: '* * * * *', run: async (ctx) => ({ cleared: await purgeDeliveredContent(await ctx.db()) }) },
];
