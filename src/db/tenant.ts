// Tenant scoping of queries: every query of a tenant-owned table filters by the caller's tenant.
import type { ServiceContext } from '../context';
import { ApiError } from '../lib/errors';

/** The tenant a request-scoped query is bound to (the caller's); a query without one is a bug. */
export function tenantOf(ctx: Pick<ServiceContext, 'tenantId'>): string {
  if (!ctx.tenantId) throw new ApiError('INTERNAL_ERROR', 'Internal server error', null);
  return ctx.tenantId;
}

/** The same context working on tenant `tenantId` (a `/tenants/{id}` route, once its check allowed it). */
export function forTenant<C extends Pick<ServiceContext, 'tenantId'>>(ctx: C, tenantId: string): C {
  return Object.create(ctx, { tenantId: { value: tenantId } }) as C;
}
