// Scheduled work of the accounts area.
import type { Job } from '../../jobs/registry';
import { pruneOAuthFlows } from './oauth-service';

export const accountJobs: Job[] = [
  { name: 'oauth-prune', schedule: '* * * * *', run: async (ctx) => void (await pruneOAuthFlows(await ctx.db())) },
];
