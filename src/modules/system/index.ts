// System health and information. Health always checks the database (one `select 1`).
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import * as contract from '../../contract/foundation';
import type { Env } from '../../env';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { withTimeout } from '../../lib/time';
import type { Database } from '../../db/client';
import { authorize } from '../../middleware/auth';

const startedAt = Date.now();
const HEALTH_TIMEOUT_MS = 3000;

interface ServiceHealth {
  status: 'healthy' | 'unhealthy';
  message: string;
  responseTime: number;
  timestamp: string;
}

async function checkDatabase(db: () => Promise<Database>): Promise<ServiceHealth> {
  const started = performance.now();
  try {
    await withTimeout(
      db().then((d) => d.execute(sql`select 1`)),
      HEALTH_TIMEOUT_MS,
      () => new Error('timeout'),
    );
    return { status: 'healthy', message: 'Postgres reachable', responseTime: ms(started), timestamp: new Date().toISOString() };
  } catch (err) {
    const why = err instanceof Error && err.message === 'timeout' ? `no answer within ${HEALTH_TIMEOUT_MS} ms` : 'connection failed';
    return { status: 'unhealthy', message: `Postgres unreachable: ${why}`, responseTime: ms(started), timestamp: new Date().toISOString() };
  }
}

const ms = (since: number) => Math.round((performance.now() - since) * 100) / 100;

function version(env: Env) {
  const full = env.APP_VERSION ?? '0.0.0';
  const [major = 0, minor = 0, build = 0] = full.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return { version: full, major, minor, build, buildDate: env.BUILD_DATE ?? new Date(startedAt).toISOString() };
}

const health = contractRoute(contract.getSystemHealth, {
  description:
    'Health check that always probes the database (answering within 3 s even when it is down). ' +
    '`level=basic` (default): status and degraded services; `ready`: adds `ready` and `environment`; ' +
    '`full`: adds `services` (database latency in `responseTime` ms) and `externalApis`, for system administrators ' +
    'only (401 without credentials, 403 otherwise; `basic` and `ready` stay public for load balancers and status pages). ' +
    'Status is `ok` when everything answers, else `degraded` (still HTTP 200 so the body is readable).',
  request: {
    query: z.object({
      level: z.enum(['basic', 'ready', 'full']).default('basic').openapi({ description: 'Detail level' }),
    }),
  },
});

const info = contractRoute(contract.getSystemInfo, {
  description:
    'Version, environment, isolate uptime and service health. Also returns `commit` (the deployed git ' +
    'commit) and `runtime` (the JavaScript runtime) beside the documented fields. System administrators only: ' +
    'commit, environment and database latency help whoever plans an attack.',
  auth: { systemAdmin: true },
});

export const systemModule = newRouter()
  .openapi(health, async (c) => {
    const { level } = c.req.valid('query');
    // app.ts authenticates level=full requests; this is the route-level check secure routes get.
    if (level === 'full') await authorize({ systemAdmin: true })(c, async () => {});
    const database = await checkDatabase(c.var.db);
    const degraded = database.status === 'healthy' ? [] : ['database'];
    const base = {
      status: degraded.length ? ('degraded' as const) : ('ok' as const),
      version: c.env.APP_VERSION ?? '0.0.0',
      timestamp: new Date().toISOString(),
      degradedServices: degraded,
    };
    if (level === 'basic') return c.json(base, 200);
    const ready = { ...base, ready: degraded.length === 0, environment: c.env.APP_ENV ?? 'development' };
    if (level === 'ready') return c.json(ready, 200);
    return c.json(
      {
        ...ready,
        services: { database },
        externalApis: { total: 0, active: 0, statusBreakdown: {} },
      },
      200,
    );
  })
  .openapi(info, async (c) => {
    const database = await checkDatabase(c.var.db);
    return c.json(
      {
        status: database.status === 'healthy' ? ('healthy' as const) : ('degraded' as const),
        version: version(c.env),
        timestamp: new Date().toISOString(),
        environment: c.env.APP_ENV ?? 'development',
        uptime: Math.round((Date.now() - startedAt) / 1000),
        services: { database },
        commit: c.env.GIT_COMMIT ?? 'unknown',
        runtime: { name: (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? 'unknown', platform: 'cloudflare-workers' },
      },
      200,
    );
  });
