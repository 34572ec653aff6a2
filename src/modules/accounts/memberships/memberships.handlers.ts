// Membership handlers: call the service, shape the reference's answers.
import type { Handler } from '../../../http/handler';
import { readAsUser, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './memberships.routes';
import * as service from './memberships.service';

export const list: Handler<typeof routes.list> = async (c) => {
  const { p, value: { rows, defaultTenantId } } = await readAsUser(c, (userId) => service.listMemberships(serviceContext(c), userId));
  return c.json(
    {
      data: rows.map((r) => ({
        user_id: r.m.userId,
        tenantId: r.m.tenantId,
        role: r.m.role,
        status: r.m.status,
        is_default: r.m.tenantId === defaultTenantId,
        joined_at: r.m.joinedAt.toISOString(),
        tenantName: r.name,
        tenantSlug: r.slug,
      })),
      activeTenantId: p.tenantId,
      defaultTenantId,
    },
    200,
  );
};

export const switchTenant: Handler<typeof routes.switchTenant> = async (c) => {
  const { tenantId } = c.req.valid('json');
  const m = await service.switchTenant(serviceContext(c), await userPrincipal(c), tenantId);
  return c.json({ success: true, tenantId, tenantName: m.name, tenantSlug: m.slug, role: m.role }, 200);
};

export const setDefault: Handler<typeof routes.setDefault> = async (c) => {
  const { tenantId } = c.req.valid('json');
  await service.setDefaultTenant(serviceContext(c), await userPrincipal(c), tenantId);
  return c.json({ success: true, defaultTenantId: tenantId }, 200);
};

export const leave: Handler<typeof routes.leave> = async (c) => {
  const { tenantId } = c.req.valid('param');
  await service.leaveTenant(serviceContext(c), await userPrincipal(c), tenantId);
  return c.json({ success: true, message: 'You left the tenant' }, 200);
};

export const role: Handler<typeof routes.role> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ tenantId: p.tenantId, role: p.role }, 200);
};
