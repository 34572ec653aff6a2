// Scheduled work of log retention: audit entries past their tenant's retention are deleted.
import type { Job } from '../../../jobs/registry';
import { purgeExpired } from './log-retention.service';

export const logRetentionJobs: Job[] = [{ name: 'audit-log-retention', schedule: '* * * * *', run: async (ctx) => ({ deleted: await purgeExpired(ctx) }) }];
