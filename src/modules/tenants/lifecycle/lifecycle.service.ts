// Lifecycle transitions: each allowed only from the statuses the reference names, made under a row
// lock (concurrent transitions serialize), recorded in the lifecycle history with actor and reason,
// and audited. The status takes effect on the tenant's very next request (lib/tenant-status.ts).
import type { BaseContext, ServiceContext, UserPrincipal } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { updateTenant } from '../admin/admin.queries';
import type { TenantRow, TenantStatus, TenantType } from '../admin/admin.model';
import { requireSystemAdmin, visibleTenant } from '../shared/visibility';
import { endpointFor, PATCH_MOVES, TRANSITIONS, TYPE_RANK, type LifecycleAction } from './lifecycle.model';
import * as q from './lifecycle.queries';

function refuseSystemTenant(t: TenantRow, action: string): void {
  if (t.type === 'system') throw new ApiError('CONFLICT', `The platform's system tenant cannot be changed by ${action}`, { reason: 'SYSTEM_TENANT', action });
}

async function record(ctx: ServiceContext, p: UserPrincipal, before: TenantRow, after: TenantRow, action: string, reason: string | null): Promise<void> {
  await q.insertHistory(ctx, before.id, {
    action,
    fromStatus: before.status,
    toStatus: after.status,
    fromType: before.type,
    toType: after.type,
    reason,
    performedBy: p.userId,
  });
  ctx.audit({
    action: `tenant.${action}`,
    resourceType: 'tenant',
    resourceId: before.id,
    details: { fromStatus: before.status, toStatus: after.status, fromType: before.type, toType: after.type, reason },
  });
}

/** activate, suspend, reactivate, archive: platform administrators only. */
export async function transition(ctx: ServiceContext, p: UserPrincipal, id: string, action: LifecycleAction, reason: string | null): Promise<TenantRow> {
  const t = await visibleTenant(ctx, p, id, { lock: true });
  requireSystemAdmin(p, `${action} tenants`);
  refuseSystemTenant(t, action);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(t.status)) {
    throw new ApiError('CONFLICT', `Cannot ${action} a tenant that is ${t.status}: ${action} applies to ${rule.from.join(' or ')} tenants`, {
      reason: 'INVALID_TRANSITION',
      action,
      status: t.status,
      allowedFrom: [...rule.from],
    });
  }
  // "pending → trial": a tenant activated for the first time starts its trial unless already on a plan.
  const type: TenantType = action === 'activate' && t.status === 'pending' && TYPE_RANK[t.type] < TYPE_RANK.paid ? 'trial' : t.type;
  const after = await updateTenant(ctx, id, { status: rule.to, type });
  await record(ctx, p, t, after, action, reason);
  return after;
}

/** trial → paid → enterprise: upwards only, not for an archived tenant. */
export async function upgrade(ctx: ServiceContext, p: UserPrincipal, id: string, target: 'paid' | 'enterprise', reason: string | null): Promise<TenantRow> {
  const t = await visibleTenant(ctx, p, id, { lock: true });
  requireSystemAdmin(p, 'upgrade tenants');
  refuseSystemTenant(t, 'upgrade');
  if (t.status === 'retired') throw new ApiError('CONFLICT', 'An archived (retired) tenant cannot be upgraded', { reason: 'TENANT_RETIRED', status: t.status });
  if (TYPE_RANK[target] <= TYPE_RANK[t.type]) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `A ${t.type} tenant cannot be upgraded to ${target}: upgrades go trial → paid → enterprise`, {
      reason: 'INVALID_UPGRADE',
      type: t.type,
      target_type: target,
    });
  }
  const after = await updateTenant(ctx, id, { type: target });
  await record(ctx, p, t, after, 'upgrade', reason);
  return after;
}

/**
 * The status part of a PATCH (the row is locked by the caller): the same status is no change;
 * active ⇄ maintenance is allowed to platform administrators and recorded; every other move must
 * go through its lifecycle endpoint (409 naming it), so PATCH never bypasses the rules above.
 */
export function checkPatchStatus(p: UserPrincipal, t: TenantRow, to: TenantStatus): string | undefined {
  if (to === t.status) return undefined;
  const action = PATCH_MOVES[t.status]?.[to];
  if (!action) {
    const use = endpointFor(t.status, to);
    throw new ApiError('CONFLICT', `A tenant that is ${t.status} cannot be set to ${to} by PATCH${use ? `: use POST /api/v1/secure/tenants/{id}/lifecycle/${use}` : ''}`, {
      reason: use ? 'LIFECYCLE_ENDPOINT_REQUIRED' : 'INVALID_TRANSITION',
      status: t.status,
      requested: to,
      ...(use && { use }),
    });
  }
  requireSystemAdmin(p, 'change the maintenance status of tenants');
  refuseSystemTenant(t, action);
  return action;
}

/** Records a status change made elsewhere (PATCH maintenance, deletion) the same way as a transition. */
export const recordChange = (ctx: ServiceContext, p: UserPrincipal, before: TenantRow, after: TenantRow, action: string, reason: string | null) =>
  record(ctx, p, before, after, action, reason);

export const history = (ctx: BaseContext, tenantId: string, limit: number, offset: number) => q.listHistory(ctx, tenantId, limit, offset);
