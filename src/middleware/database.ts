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
import { dbConfig, httpDb, newDbStats, platformDbConfig, requestDb, type Database, type RequestDb } from '../db/client';
import { beginTenant, tenantSetting } from '../db/rls';
import { startUnitOfWork, type UnitOfWork } from '../db/unit-of-work';
import type { AppEnv } from '../env';
import { uniqueViolation } from '../lib/db-errors';
import { logError } from '../lib/log';
import { ApiError } from '../lib/errors';
import { isAuthenticatedPath, isTenantScopedPath } from '../lib/zones';
import { jobContext } from '../jobs/context';
import { auditStatement, writeAudit } from './audit';
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
    const platform = platformDbConfig(c.env);
    // Row-level security (db/rls.ts): the secure and services zones work as the application role,
    // every batch and transaction naming the tenant: the caller's once loaded, before that the one
    // their credentials name. Everything else (public and system zones, routes that run without the
    // unit of work or declare `acrossTenants`, after-response work) is platform work.
    // Read lazily: a route's flags (contractRoute `acrossTenants`) are set before it asks for a handle.
    const scoped = () => isTenantScopedPath(c.req.path) && !c.get('acrossTenants');
    // The tenant the work is about: a `/tenants/{id}` route's (auth.tenantParam, checked by
    // authorize), else the caller's, else the one their credentials name.
    const tenant = () => c.get('targetTenantId') ?? c.get('tenantId') ?? c.get('credentials')?.tenantId;
    const stats = newDbStats();
    const mutating = MUTATING.has(c.req.method);
    const unitOfWork = () => mutating && isAuthenticatedPath(c.req.path) && c.get('unitOfWork') !== false;
    let handle: RequestDb | undefined;
    const http = (readOnly: boolean) => (scoped() ? httpDb(dbConfig(c.env), stats, { readOnly, tenant }) : httpDb(platform, stats, { readOnly }));
    let reader: Database | undefined;
    const readDb = () => (reader ??= http(true));
    let platformReader: Database | undefined;
    c.set('platformReadDb', () => (platformReader ??= httpDb(platform, stats, { readOnly: true })));
    let writer: Database | undefined;
    let uow: UnitOfWork | undefined;
    let db: Promise<Database> | undefined;
    /** The tenant the unit of work's transaction was begun for (it moves when the caller's turns out different). */
    let txTenant: string | undefined;
    let finished = false;
    c.set('readDb', readDb);
    c.set('db', () => {
      const route = c.get('dbRoute');
      if (!mutating && route !== 'writes') return Promise.resolve(readDb());
      if (route === 'http') return Promise.resolve((writer ??= http(false)));
      handle ??= requestDb(scoped() && unitOfWork() ? dbConfig(c.env) : platform, stats);
      db ??= handle.get().then((conn) => {
        // `finished`: opened early (authorize) for a request refused meanwhile: no transaction to start.
        if (finished || !unitOfWork()) return conn;
        if (scoped()) beginTenant(conn, (txTenant = tenant()));
        uow = startUnitOfWork(conn);
        return uow.tx;
      });
      if (!scoped()) return db;
      // The transaction began with the tenant the token names (or the route's target tenant); a session that moved to another
      // tenant since gets the setting moved before its first statement (one more round trip, rare).
      return db.then(async (tx) => {
        const now = tenant();
        if (uow && now !== txTenant) {
          txTenant = now;
          await tx.execute(tenantSetting(now));
        }
        return tx;
      });
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
        // The audit entry goes with COMMIT, one round trip (db/fold.ts).
        const entry = audited ? await auditStatement(await uow.tx, c) : undefined;
        if (!(await uow.end(ok, entry)) && ok) throw new Error('unit of work not committed');
      } else if (mutating && audited && (handle?.opened || writer)) {
        await writeAudit(writer ?? (await handle!.get()), c);
      }
      committed = ok || !uow;
    } catch (err) {
      // The commit (or the audit write) failed after the handler answered: the change is not
      // durable, so the client must not see success.
      logError('commit failed', err, { requestId: c.get('requestId') });
      // The handler's answer (and its headers) are dropped: a blank response first, then the error.
      c.res = undefined as unknown as Response;
      c.res = new Response(null, { status: 503 });
      c.res = commitFailed(c, err);
    } finally {
      finished = true;
      const jobs = c.get('afterCommit');
      if (committed && jobs?.length) background(c, runAfterCommit(c, jobs));
      if (stats.queries) {
        setMetric(c, 'db', stats.ms, `${stats.queries} queries in ${stats.roundTrips} round trips`);
        if (stats.connectMs) setMetric(c, 'db-connect', stats.connectMs, `${stats.connectRoundTrips} round trips`);
      }
      if (handle?.opened) background(c, handle.close());
      if (deferred.length) {
        // Together, so their statements share one HTTP request (a failing one does not fail the others).
        const after = httpDb(platform, newDbStats(), { readOnly: false });
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
