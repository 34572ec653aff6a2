// Log retention handlers.
import type { Handler } from '../../../http/handler';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { readTenant } from '../shared/read';
import type * as routes from './log-retention.routes';
import * as service from './log-retention.service';

const toBody = (p: service.Policy) => ({
  tenantId: p.tenantId,
  retention_days: p.retentionDays as 30 | 60 | 90,
  ...(p.createdAt && { created_at: p.createdAt.toISOString() }),
  ...(p.updatedAt && { updated_at: p.updatedAt.toISOString() }),
});

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const { value } = await readTenant(c, id, (ctx) => service.getPolicy(ctx, id));
  return c.json({ data: toBody(value) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const p = await userPrincipal(c);
  const policy = await service.setPolicy(serviceContext(c), p, c.req.valid('param').id, c.req.valid('json').retention_days as 30 | 60 | 90);
  return c.json({ data: toBody(policy) }, 200);
};
