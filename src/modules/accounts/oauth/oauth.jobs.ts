// Scheduled work of OAuth sign-in: expired states and pending registrations are dropped.
import type { Job } from '../../../jobs/registry';
import { pruneOAuthFlows } from './oauth.service';

export const oauthJobs: Job[] = [{ name: 'oauth-prune', schedule: '* * * * *', run: async (ctx) => void (await pruneOAuthFlows(ctx)) }];
