// Gives each request its database handles, opened on first use, and reports the database's share
// of the request (statements, round trips, connection set-up) as Server-Timing metrics and in the
// request log.
//
// - Reads (GET/HEAD) and the caller check go over HTTP (`c.var.readDb()`, db/client.ts `httpDb`):
//   no connection set-up, statements of the same turn in one round trip, READ ONLY, so a read
//   route cannot write by accident. A GET route that writes declares `writes: true`.
// - Mutating requests to /api/v1/secure and /api/v1/system are one unit of work on a WebSocket
//   connection: a transaction that commits only when the response is 2xx, with the audit entry
//   written inside it. Routes that must keep writes while answering an error (throttle counters)
//   opt out with contractRoute's `unitOfWork: false`; other successful mutating requests (the public
//   ones: sign-up, sign-in, invitation accept) are audited afterwards, one insert of its own, naming
//   the account the handler identified (middleware/audit.ts). `database: 'http'` routes (sign-in) write over HTTP without an interactive
//   transaction: statements issued together are one atomic batch.
// - `c.var.afterResponse(task)` queues work (usage counters, security events) that runs over HTTP
//   once the response has gone out (`waitUntil`): it never delays the caller nor needs a connection.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { setMetric } from 'hono/timing';
import type { AfterCommitTask } from '../context';
import { dbConfig, httpDb, newDbStats, requestDb, type Database } from '../db/client';
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
    const cfg = dbConfig(c.env);
    const stats = newDbStats();
    const handle = requestDb(cfg, stats);
    const mutating = MUTATING.has(c.req.method);
    let reader: Database | undefined;
    const readDb = () => (reader ??= httpDb(cfg, stats, { readOnly: true }));
    let writer: Database | undefined;
    let uow: UnitOfWork | undefined;
    let db: Promise<Database> | undefined;
    let finished = false;
    c.set('readDb', readDb);
    c.set('db', () => {
      const route = c.get('dbRoute');
      if (!mutating && route !== 'writes') return Promise.resolve(readDb());
      if (route === 'http') return Promise.resolve((writer ??= httpDb(cfg, stats, { readOnly: false })));
      db ??= handle.get().then((conn) => {
        // `finished`: opened early (authorize) for a request refused meanwhile: no transaction to start.
        if (finished || !mutating || !isAuthenticatedPath(c.req.path) || c.get('unitOfWork') === false) return conn;
        uow = startUnitOfWork(conn);
        return uow.tx;
      });
      return db;
    });
    c.set('dbStats', stats);
    let committed = false;
    const deferred: ((db: Database) => Promise<unknown>)[] = [];
    c.set('afterResponse', (task) => void deferred.push(task));
    try {
      await next();
      const ok = c.res.status < 400;
      // An idempotent replay did nothing: it is not audited again; a handler may have written it in its own batch.
      const audited = ok && !c.res.headers.has(REPLAYED_HEADER) && !c.get('auditWritten');
      if (uow) {
        if (!(await uow.end(ok, audited ? (tx) => writeAudit(tx, c) : undefined)) && ok) throw new Error('unit of work not committed');
      } else if (mutating && audited && (handle.opened || writer)) {
        await writeAudit(writer ?? (await handle.get()), c);
      }
      committed = ok || !uow;
    } catch (err) {
      // The commit (or the audit write) failed after the handler answered: the change is not
      // durable, so the client must not see success.
      logError('commit failed', err, { requestId: c.get('requestId') });
      c.res = undefined as unknown as Response;
      c.res = commitFailed(c, err);
    } finally {
      finished = true;
      const jobs = c.get('afterCommit');
      if (committed && jobs?.length) background(c, runAfterCommit(c, jobs));
      if (stats.queries) {
        setMetric(c, 'db', stats.ms, `${stats.queries} queries in ${stats.roundTrips} round trips`);
        if (stats.connectMs) setMetric(c, 'db-connect', stats.connectMs, `${stats.connectRoundTrips} round trips`);
      }
      if (handle.opened) background(c, handle.close());
      if (deferred.length) {
        // Together, so their statements share one HTTP request (a failing one does not fail the others).
        const after = httpDb(cfg, newDbStats(), { readOnly: false });
        background(
          c,
          Promise.all(
            deferred.map((task) =>
              task(after).catch((err: unknown) => logError('after-response task failed', err, { requestId: c.get('requestId') })),
            ),
          ),
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
