// Dispatcher handlers: the tick, status, health and alert acknowledgement in the reference's shapes.
import type { Handler } from '../../../http/handler';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './dispatcher.routes';
import * as service from './dispatcher.service';
import { toAlert, toLastRun, toRecentRun, toRunResult } from './dispatcher.views';

export const run: Handler<typeof routes.run> = async (c) => {
  const ctx = serviceContext(c);
  await ctx.principal();
  const row = await service.tick(ctx, { trigger: 'manual', tenantId: c.req.valid('query').tenantId });
  return c.json({ success: true, data: toRunResult(row) }, 200);
};

export const status: Handler<typeof routes.status> = async (c) => {
  const ctx = serviceContext(c);
  // The caller check goes out with the reads (one round trip).
  const [, s] = await Promise.all([ctx.principal(), service.status(ctx)]);
  return c.json({ enabled: s.enabled, mode: 'serverless' as const, last_run: s.recent[0] ? toLastRun(s.recent[0]) : null, recent_runs: s.recent.map(toRecentRun), recent_alerts: s.alerts.map(toAlert) }, 200);
};

export const health: Handler<typeof routes.health> = async (c) => {
  const ctx = serviceContext(c);
  const [, h] = await Promise.all([ctx.principal(), service.currentHealth(ctx)]);
  const timestamp = new Date().toISOString();
  return c.json({ overall: h.overall, timestamp, services: h.services.map((s) => ({ ...s, timestamp })) }, 200);
};

export const acknowledge: Handler<typeof routes.acknowledge> = async (c) => {
  const p = await userPrincipal(c);
  const out = await service.acknowledge(serviceContext(c), c.req.valid('param').id, p.userId);
  return c.json({ success: true, message: out.already ? 'Alert was already acknowledged' : 'Alert acknowledged' }, 200);
};
