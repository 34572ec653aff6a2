// Scheduled work of resource moves: overdue target-space requests expire (resource-mode requests
// follow their approval request, which the approvals job expires).
import type { Job } from '../../../jobs/registry';
import { expireMoves } from './resource-moves.service';

export const resourceMoveJobs: Job[] = [{ name: 'resource-moves-expire', schedule: '* * * * *', run: async (ctx) => ({ expired: await expireMoves(ctx) }) }];
