// Scheduled work of approvals: overdue requests are marked expired and their areas told.
import type { Job } from '../../../jobs/registry';
import { expireApprovals } from './approvals.service';

export const approvalJobs: Job[] = [{ name: 'approvals-expire', schedule: '* * * * *', run: async (ctx) => ({ expired: await expireApprovals(ctx) }) }];
