// Gives each request a lazy database handle (`c.var.db()`), closes it after the response, and
// reports time spent in the database as a Server-Timing metric.
import { createMiddleware } from 'hono/factory';
import { setMetric } from 'hono/timing';
import { requestDb } from '../db/client';
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
    try {
      await next();
    } finally {
      if (handle.opened) {
        setMetric(c, 'db', handle.stats.ms, `${handle.stats.queries} queries`);
        if (handle.stats.connectMs) setMetric(c, 'db-connect', handle.stats.connectMs);
        const closing = handle.close();
        try {
          c.executionCtx.waitUntil(closing);
        } catch {
          await closing; // no execution context (plain app.request in tests)
        }
      }
    }
  });
