// Scheduled work of language sync: pending jobs whose queue message was lost are sent again.
import type { Job } from '../../../jobs/registry';
import { requeueStale } from './language-sync.service';

export const languageSyncJobs: Job[] = [{ name: 'language-sync-requeue', schedule: '* * * * *', run: async (ctx) => ({ requeued: await requeueStale(ctx) }) }];
