// Scheduled work of recurrence: every minute, masters whose materialized horizon fell behind their
// window get their next instances (batches; overlapping runs take different masters).
import type { Job } from '../../../jobs/registry';
import { extendHorizons } from './recurrence.service';

export const recurrenceJobs: Job[] = [{ name: 'calendar-recurrence-horizon', schedule: '* * * * *', run: async (ctx) => ({ instancesAdded: await extendHorizons(ctx) }) }];
