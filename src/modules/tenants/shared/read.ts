// The read path of every /tenants/{id}/… GET: the tenant row and the route's reads go to the
// database together with the caller check (one round trip, middleware/auth.ts), as tenant `id`
// (contractRoute gives these routes auth.tenantParam: row-level security runs them as that tenant);
// the answer is 404 unless the caller may see that tenant (its own, or any for platform administrators).
import type { Context } from 'hono';
import type { Principal, ServiceContext } from '../../../context';
import type { AppEnv } from '../../../env';
import { notFound } from '../../../lib/errors';
import { principal } from '../../../middleware/auth';
import { forTenant } from '../../../db/tenant';
import { serviceContext } from '../../../middleware/service-context';
import { findTenant } from '../admin/admin.queries';
import type { TenantRow } from '../admin/admin.model';
import { maySee } from './visibility';

export async function readTenant<T>(c: Context<AppEnv>, id: string, read: (ctx: ServiceContext, t: Promise<TenantRow | undefined>) => Promise<T>): Promise<{ p: Principal; t: TenantRow; value: T }> {
  const ctx = forTenant(serviceContext(c), id);
  const tenant = findTenant(ctx, id);
  const [t, v] = await Promise.all([tenant, read(ctx, tenant)]);
  const p = await principal(c);
  if (!t || !maySee(p, id)) throw notFound('Tenant');
  return { p, t, value: v };
}
