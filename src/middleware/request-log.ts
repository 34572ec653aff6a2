// One structured JSON line per request: method, route, status, duration, request id, tenant,
// actor and database use. Workers Logs / `wrangler tail` index these fields.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

export const requestLog = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    if (c.env?.REQUEST_LOG === 'false') return;
    const db = c.get('dbStats');
    console.log(
      JSON.stringify({
        level: c.res.status >= 500 ? 'error' : 'info',
        msg: 'request',
        requestId: c.get('requestId'),
        method: c.req.method,
        route: c.req.routePath,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        tenantId: c.get('tenantId') ?? null,
        actorId: c.get('actorId') ?? null,
        dbQueries: db?.queries ?? 0,
        dbRoundTrips: (db?.roundTrips ?? 0) + (db?.connectRoundTrips ?? 0),
        dbMs: db ? Math.round(db.ms * 100) / 100 : 0,
      }),
    );
  });
