// Tenant security policy handlers: the caller's policy as the reference shapes it.
import type { Handler } from '../../../../http/handler';
import { userPrincipal } from '../../../../middleware/auth';
import { serviceContext } from '../../../../middleware/service-context';
import type { StoredTenantConfig } from './policy.model';
import type * as routes from './policy.routes';
import * as service from './policy.service';

const toApi = (tenantId: string, s: StoredTenantConfig) => ({ tenant_id: tenantId, ...s.config, updated_at: s.updatedAt?.toISOString() ?? null, updated_by: s.updatedBy });

export const get: Handler<typeof routes.get> = async (c) => {
  // The policy goes with the caller check (one round trip); the answer waits for it.
  const policy = await service.getPolicy(serviceContext(c));
  const p = await userPrincipal(c);
  return c.json({ data: toApi(p.tenantId, policy) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  // The body is checked before the caller kind (an invalid body answers 400 to anyone).
  const changes = service.policyChanges(c.req.valid('json'));
  const p = await userPrincipal(c);
  return c.json({ data: toApi(p.tenantId, await service.updatePolicy(serviceContext(c), p.userId, changes)) }, 200);
};
