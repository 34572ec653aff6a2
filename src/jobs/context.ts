// The context of background work (cron jobs, queue consumers, after-commit tasks, Durable
// Objects): the same configuration and database access as a request, with no caller. Its
// after-commit tasks run when the job's work is done (`finish`), each failure logged on its own.
// Jobs work across tenants: they run on the platform path (PLATFORM_DATABASE_URL, db/rls.ts) and
// filter by tenant explicitly.
import type { AfterCommitTask, Env, JobContext } from '../context';
import { appConfig } from '../config';
import { platformDbConfig, requestDb, type RequestDb } from '../db/client';
import { logError } from '../lib/log';

export interface OpenJobContext extends JobContext {
  /** Runs the queued after-commit tasks, then closes the database handle. */
  finish(): Promise<void>;
  readonly handle: RequestDb;
}

export function jobContext(env: Env, name: string): OpenJobContext {
  const handle = requestDb(platformDbConfig(env));
  const tasks: AfterCommitTask[] = [];
  const ctx: OpenJobContext = {
    env,
    config: appConfig(env),
    requestId: `${name}:${crypto.randomUUID()}`,
    db: () => handle.get(),
    afterCommit: (task) => void tasks.push(task),
    handle,
    async finish() {
      try {
        for (const task of tasks.splice(0)) {
          try {
            await task(ctx);
          } catch (err) {
            logError('after-commit task failed', err, { requestId: ctx.requestId });
          }
        }
      } finally {
        await handle.close();
      }
    },
  };
  return ctx;
}

/** Runs `fn` with a fresh job context and always finishes it. */
export async function withJobContext<T>(env: Env, name: string, fn: (ctx: JobContext) => Promise<T>): Promise<T> {
  const ctx = jobContext(env, name);
  try {
    return await fn(ctx);
  } finally {
    await ctx.finish();
  }
}
