// Scheduled work of the outbox: delivers what a request could not (a crashed isolate, a provider
// that was down) in batches.
import type { Job } from '../../jobs/registry';
import { deliverPending } from './service';

export const outboxJobs: Job[] = [
  { name: 'outbox-deliver', schedule: '* * * * *', run: async (ctx) => ({ delivered: (await deliverPending(await ctx.db(), ctx.env, 100)).length }) },
];
