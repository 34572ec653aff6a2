// The cron side of reminder dispatch: one tick every minute (see dispatcher.service.ts).
import type { Job } from '../../../jobs/registry';
import { cronEnabled, tick } from './dispatcher.service';

export const dispatcherJobs: Job[] = [
  {
    name: 'calendar-reminder-dispatch',
    schedule: '* * * * *',
    run: async (ctx): Promise<Record<string, number>> => {
      if (!cronEnabled(ctx.env)) return { off: 1 };
      const run = await tick(ctx, { trigger: 'cron' });
      return { queued: run.jobsExecuted, failed: run.jobsFailed, skipped: run.jobsSkipped, alerts: run.alertsSent };
    },
  },
];
