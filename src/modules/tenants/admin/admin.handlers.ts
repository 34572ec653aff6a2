// Tenant handlers: read the validated input, call the service, answer the reference's Tenant.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { readTenant } from '../shared/read';
import type * as routes from './admin.routes';
import * as service from './admin.service';
import { toTenant } from './admin.views';

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  // Sent with the caller check as most callers see it (their own tenant, one round trip); a
  // platform administrator's page of every tenant is read once the caller is known.
  const own = service.listTenants(ctx, f, ctx.tenantId);
  const p = await principal(c);
  const { rows, total } = p.isSystemAdmin ? await service.listTenants(ctx, f, undefined) : await own;
  return c.json({ data: rows.map(toTenant), pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + rows.length < total } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const t = await service.createTenant(serviceContext(c), await userPrincipal(c), c.req.valid('json'));
  return c.json({ data: toTenant(t) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { t } = await readTenant(c, c.req.valid('param').id, async () => undefined);
  return c.json({ data: toTenant(t) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const t = await service.updateTenant(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toTenant(t) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteTenant(serviceContext(c), await userPrincipal(c), c.req.valid('param').id);
  return noContent(c);
};
