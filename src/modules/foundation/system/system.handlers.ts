// Health and info handlers: the detail level decides what is answered (and who may ask).
import type { Handler } from '../../../http/handler';
import { authorize } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './system.routes';
import * as service from './system.service';

export const health: Handler<typeof routes.health> = async (c) => {
  const { level } = c.req.valid('query');
  // app.ts authenticates level=full requests; this is the route-level check secure routes get.
  if (level === 'full') await authorize({ systemAdmin: true })(c, async () => {});
  const database = await service.checkDatabase(serviceContext(c));
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
};

export const info: Handler<typeof routes.info> = async (c) => {
  const ctx = serviceContext(c);
  const database = await service.checkDatabase(ctx);
  return c.json(
    {
      status: database.status === 'healthy' ? ('healthy' as const) : ('degraded' as const),
      version: service.version(ctx),
      timestamp: new Date().toISOString(),
      environment: c.env.APP_ENV ?? 'development',
      uptime: service.uptime(),
      services: { database },
      commit: c.env.GIT_COMMIT ?? 'unknown',
      runtime: { name: (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? 'unknown', platform: 'cloudflare-workers' },
    },
    200,
  );
};
