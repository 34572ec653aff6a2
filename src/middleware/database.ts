// Gives each request a lazy database handle (`c.var.db()`), closes it after the response, and
// reports time spent in the database as a Server-Timing metric.
//
// Mutating requests to /api/v1/secure and /api/v1/system are one unit of work: the handle is a
// transaction that commits only when the response is 2xx, with the audit entry written inside it.
// Routes that must keep writes while answering an error (throttle counters) opt out with
// contractRoute's `unitOfWork: false`; other successful mutating requests (the public ones: sign-up,
// sign-in, invitation accept) are audited afterwards, one insert in a transaction of its own, naming
// the account the handler identified (middleware/audit.ts).
// `c.var.afterResponse(task)` queues work (usage counters) that runs on the same connection once
// the response has gone out (`waitUntil`): it never delays the caller nor needs a second connection.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { setMetric } from 'hono/timing';
import type { AfterCommitTask } from '../context';
import { dbConfig, requestDb, type Database } from '../db/client';
import { startUnitOfWork, type UnitOfWork } from '../db/unit-of-work';
import type { AppEnv } from '../env';
import { uniqueViolation } from '../lib/db-errors';
import { logError } from '../lib/log';
import { ApiError } from '../lib/errors';
import { isAuthenticatedPath } from '../lib/zones';
import { jobContext } from '../jobs/context';
import { writeAudit } from './audit';
import { REPLAYED_HEADER } from './idempotency';
import { sendError } from './errors';

/** Runs the request's after-commit tasks, each with a job context of its own (a fresh connection). */
async function runAfterCommit(c: Context<AppEnv>, tasks: AfterCommitTask[]): Promise<void> {
  const job = jobContext(c.env, 'after-commit');
  for (const task of tasks) job.afterCommit(task);
  // A failed task is logged by finish() and left to the cron job that retries its kind of work.
  await job.finish();
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const database = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const handle = requestDb(dbConfig(c.env));
    const mutating = MUTATING.has(c.req.method);
    let uow: UnitOfWork | undefined;
    let db: Promise<Database> | undefined;
    c.set('db', () => {
      db ??= handle.get().then((conn) => {
        if (!mutating || !isAuthenticatedPath(c.req.path) || c.get('unitOfWork') === false) return conn;
        uow = startUnitOfWork(conn);
        return uow.tx;
      });
      return db;
    });
    c.set('dbStats', handle.stats);
    let committed = false;
    const deferred: ((db: Database) => Promise<unknown>)[] = [];
    c.set('afterResponse', (task) => void deferred.push(task));
    try {
      await next();
      const ok = c.res.status < 400;
      // An idempotent replay did nothing: it is not audited again.
      const audited = ok && !c.res.headers.has(REPLAYED_HEADER);
      if (uow) {
        if (!(await uow.end(ok, audited ? (tx) => writeAudit(tx, c) : undefined)) && ok) throw new Error('unit of work not committed');
      } else if (mutating && audited && handle.opened) {
        await writeAudit(await handle.get(), c);
      }
      committed = ok || !uow;
    } catch (err) {
      // The commit (or the audit write) failed after the handler answered: the change is not
      // durable, so the client must not see success.
      logError('commit failed', err, { requestId: c.get('requestId') });
      c.res = undefined as unknown as Response;
      c.res = commitFailed(c, err);
    } finally {
      const jobs = c.get('afterCommit');
      if (committed && jobs?.length) background(c, runAfterCommit(c, jobs));
      if (handle.opened) {
        setMetric(c, 'db', handle.stats.ms, `${handle.stats.queries} queries`);
        if (handle.stats.connectMs) setMetric(c, 'db-connect', handle.stats.connectMs);
        background(
          c,
          (async () => {
            for (const task of deferred) {
              try {
                await task(await handle.get());
              } catch (err) {
                logError('after-response task failed', err, { requestId: c.get('requestId') });
              }
            }
            await handle.close();
          })(),
        );
      }
    }
  });

/** Runs after the response where the runtime allows (waitUntil); inline otherwise (plain app.request). */
function background(c: Context<AppEnv>, work: Promise<unknown>): void | Promise<unknown> {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    return work;
  }
}

/** A unique constraint checked at commit is a conflict; anything else a retryable 503. */
function commitFailed(c: Context<AppEnv>, err: unknown): Response {
  return sendError(c, uniqueViolation(err) ?? new ApiError('SERVICE_UNAVAILABLE', 'The change could not be saved; retry'));
}
