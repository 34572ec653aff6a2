// The tenant a /secure/tenants/{id}/... route works on: the caller's own tenant, or for platform
// administrators any existing tenant. Any other id answers 404 (another tenant's configuration is
// not even confirmed to exist). Shared by the settings, rate-limit and metrics routes.
import type { ServiceContext } from '../../../context';
import { notFound } from '../../../lib/errors';
import { tenantExists } from './settings.queries';

/** The context bound to tenant `id` (its queries filter by it), after checking the caller may work on it. */
export async function tenantTarget(ctx: ServiceContext, id: string): Promise<ServiceContext> {
  const p = await ctx.principal();
  if (p.tenantId === id) return ctx;
  if (!p.isSystemAdmin || !(await tenantExists(ctx, id))) throw notFound('Tenant');
  return Object.create(ctx, { tenantId: { value: id } }) as ServiceContext;
}

/**
 * For read routes: runs `read` for tenant `id` with the caller check in one round trip when the id is
 * the token's tenant (`ownTenant` from withCaller); otherwise after the checks of tenantTarget.
 */
export async function readTarget<T>(ctx: ServiceContext, id: string, early: T | undefined, read: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const p = await ctx.principal();
  if (p.tenantId === id && early !== undefined) return early;
  return read(await tenantTarget(ctx, id));
}
