// Sign-up handlers: the tenant to join may come from a header or the request host (HTTP).
import type { Handler } from '../../../http/handler';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './registration.routes';
import * as service from './registration.service';

export const register: Handler<typeof routes.register> = async (c) => {
  const created = await service.registerTenant(serviceContext(c), c.req.valid('json'));
  return c.json(
    {
      user: { id: created.user.id, email: created.user.email, tenantId: created.tenant.id },
      tenant: { id: created.tenant.id, name: created.tenant.name, domain: created.tenant.domain },
      message: 'Tenant created. Check your email to verify your address, then sign in.',
    },
    201,
  );
};

export const registerUser: Handler<typeof routes.registerUser> = async (c) => {
  const body = c.req.valid('json');
  const { user, tenant } = await service.registerMember(serviceContext(c), {
    ...body,
    headerTenantId: c.req.header('x-tenant-id'),
    host: new URL(c.req.url).hostname.toLowerCase(),
  });
  return c.json(
    {
      message: 'Account created. Check your email to verify your address.',
      userId: user.id,
      requiresVerification: true,
      user: { id: user.id, email: user.email, displayName: user.displayName, tenantId: tenant.id },
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, domain: tenant.domain },
    },
    201,
  );
};
