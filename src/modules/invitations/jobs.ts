// Scheduled work of invitations: overdue invitations are marked expired (readers already see them so).
import type { Job } from '../../jobs/registry';
import { expireInvitations } from './service';

export const invitationJobs: Job[] = [
  { name: 'invitations-expire', schedule: '* * * * *', run: async (ctx) => ({ expired: await expireInvitations(await ctx.db()) }) },
];
