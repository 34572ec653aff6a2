// Scheduled work of invitations: overdue invitations are marked expired (readers already see them so).
import type { Job } from '../../../jobs/registry';
import { expireInvitations } from './invitations.service';

export const invitationJobs: Job[] = [{ name: 'invitations-expire', schedule: '* * * * *', run: async (ctx) => ({ expired: await expireInvitations(ctx) }) }];
