// The job registry: every piece of scheduled work, with the cron schedule it runs on. An area adds
// a job by exporting a `Job` from its module (e.g. modules/access/approvals/approvals.jobs.ts) and
// listing it in jobs/index.ts. The cron handler runs each due job in its own try, with its own
// log line and duration, so one failing job never skips the others.
import type { Env, JobContext } from '../context';
import { logError, logInfo } from '../lib/log';
import { withJobContext } from './context';

export interface Job {
  /** Unique, kebab-case: appears in the log line. */
  name: string;
  /** The Cron Trigger expression it runs on (must be one of wrangler.toml's `[triggers] crons`). */
  schedule: string;
  /** Does one bounded batch of work; returns what the log line reports (counts). */
  run(ctx: JobContext): Promise<Record<string, number> | void>;
}

export interface JobOutcome {
  name: string;
  ok: boolean;
  ms: number;
  result?: Record<string, number>;
}

/** Runs every job scheduled on `cron`, one after another, each isolated from the others' failures. */
export async function runJobs(jobs: readonly Job[], cron: string, env: Env): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  for (const job of jobs.filter((j) => j.schedule === cron)) {
    const started = performance.now();
    try {
      const result = (await withJobContext(env, job.name, (ctx) => job.run(ctx))) ?? undefined;
      const ms = Math.round(performance.now() - started);
      logInfo('job', { job: job.name, cron, ms, ...result });
      outcomes.push({ name: job.name, ok: true, ms, result });
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      logError('job failed', err, { job: job.name, cron, ms });
      outcomes.push({ name: job.name, ok: false, ms });
    }
  }
  return outcomes;
}
