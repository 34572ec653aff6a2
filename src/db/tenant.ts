// Tenant scoping of queries: every query of a tenant-owned table filters by the caller's tenant.
import type { ServiceContext } from '../context';
import { ApiError } from '../lib/errors';

/** The tenant a request-scoped query is bound to (the caller's); a query without one is a bug. */
export function tenantOf(ctx: Pick<ServiceContext, 'tenantId'>): string {
  if (!ctx.tenantId) throw new ApiError('INTERNAL_ERROR', 'Internal server error', null);
  return ctx.tenantId;
}
