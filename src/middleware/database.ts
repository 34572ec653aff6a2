// Gives each request a lazy database handle (`c.var.db()`), closes it after the response, and
// reports time spent in the database as a Server-Timing metric. `c.var.afterResponse(task)` queues
// work (usage counters) that runs on the same connection once the response has gone out
// (`waitUntil`), so it never delays the caller and never needs a second connection.
import { createMiddleware } from 'hono/factory';
import { setMetric } from 'hono/timing';
import { requestDb, type Database } from '../db/client';
import type { AppEnv } from '../env';

export const database = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const handle = requestDb({
      url: c.env.DATABASE_URL,
      wsProxy: c.env.DB_WS_PROXY,
      connectTimeoutMs: Number(c.env.DB_CONNECT_TIMEOUT_MS ?? 5000),
    });
    c.set('db', () => handle.get());
    c.set('dbStats', handle.stats);
    const deferred: ((db: Database) => Promise<unknown>)[] = [];
    c.set('afterResponse', (task) => void deferred.push(task));
    try {
      await next();
    } finally {
      if (handle.opened) {
        setMetric(c, 'db', handle.stats.ms, `${handle.stats.queries} queries`);
        if (handle.stats.connectMs) setMetric(c, 'db-connect', handle.stats.connectMs);
        const closing = (async () => {
          for (const task of deferred) {
            try {
              await task(await handle.get());
            } catch (err) {
              console.error(JSON.stringify({ level: 'error', msg: 'after-response task failed', requestId: c.get('requestId'), error: String(err) }));
            }
          }
          await handle.close();
        })();
        try {
          c.executionCtx.waitUntil(closing);
        } catch {
          await closing; // no execution context (plain app.request in tests)
        }
      }
    }
  });
