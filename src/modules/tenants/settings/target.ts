// The tenant a /secure/tenants/{id}/... route works on: the caller's own tenant, or for platform
// administrators any existing tenant. Any other id answers 404 (another tenant's configuration is
// not even confirmed to exist). Shared by the settings, rate-limit and metrics routes.
import type { ServiceContext } from '../../../context';
import { notFound } from '../../../lib/errors';
import { forTenant } from '../../../db/tenant';
import { assertMaySee } from '../shared/visibility';
import { tenantExists } from './settings.queries';

/** The context bound to tenant `id` (its queries filter by it), after checking the caller may work on it. */
export async function tenantTarget(ctx: ServiceContext, id: string): Promise<ServiceContext> {
  const p = await ctx.principal();
  assertMaySee(p, id);
  if (p.tenantId === id) return ctx;
  if (!(await tenantExists(ctx, id))) throw notFound('Tenant');
  return forTenant(ctx, id);
}

/**
 * For read routes: `early` was read as tenant `id` with the caller check (contractRoute gives
 * /tenants/{id} routes auth.tenantParam, so row-level security ran it as that tenant); it is the
 * answer once tenantTarget's checks pass (a platform administrator's unknown tenant: 404).
 */
export async function readTarget<T>(ctx: ServiceContext, id: string, early: T): Promise<T> {
  await tenantTarget(ctx, id);
  return early;
}
