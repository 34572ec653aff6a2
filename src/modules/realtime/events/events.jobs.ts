// Scheduled work of the event log: old events are removed (the log serves reconnects and catch-up,
// not history; messages themselves stay in chat_messages). A client resuming from before the
// retention window is told to resync (see src/realtime/realtime-channel.ts).
import type { Job } from '../../../jobs/registry';
import { prune } from './events.queries';

export const EVENT_RETENTION_DAYS = 30;

export const realtimeJobs: Job[] = [{ name: 'realtime-events-retention', schedule: '* * * * *', run: async (ctx) => ({ deleted: await prune(ctx, EVENT_RETENTION_DAYS, 5000) }) }];
