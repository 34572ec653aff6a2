// Who may see which tenant: a platform administrator every tenant, anyone else only their own.
// Another tenant's id answers 404 (never 403), so ids of other tenants cannot be probed.
import type { BaseContext, Principal } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { findTenant, lockTenant } from '../admin/admin.queries';
import type { TenantRow } from '../admin/admin.model';

// The routes' auth.tenantParam (contractRoute, /secure/tenants/{id}/...) refuses other tenants' callers
// before the handler; the services check again here, the one place that rule is written.
export const maySee = (p: Principal, tenantId: string) => p.isSystemAdmin || p.tenantId === tenantId;

/** 404 unless `p` may see tenant `tenantId`. */
export function assertMaySee(p: Principal, tenantId: string): void {
  if (!maySee(p, tenantId)) throw notFound('Tenant');
}

/** The tenant if `p` may see it (optionally locked for a change), else 404. */
export async function visibleTenant(ctx: BaseContext, p: Principal, id: string, opts: { lock?: boolean } = {}): Promise<TenantRow> {
  assertMaySee(p, id);
  const row = opts.lock ? await lockTenant(ctx, id) : await findTenant(ctx, id);
  if (!row) throw notFound('Tenant');
  return row;
}

/** After the 404 check: platform operations (lifecycle, create, delete) are for platform administrators. */
export function requireSystemAdmin(p: Principal, what: string): void {
  if (!p.isSystemAdmin) throw new ApiError('FORBIDDEN', `Only platform administrators may ${what}`, { reason: 'SYSTEM_ADMIN_ONLY' });
}

/** An archived (retired) tenant is read-only: its configuration does not change any more. */
export function requireWritable(t: TenantRow): void {
  if (t.status === 'retired') throw new ApiError('CONFLICT', 'This tenant is archived (retired) and read-only', { reason: 'TENANT_RETIRED', status: t.status });
}
