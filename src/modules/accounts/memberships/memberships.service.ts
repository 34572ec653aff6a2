// A user's tenants: list, switch the session's tenant, the default tenant for sign-in, leaving.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { owesMandatoryTask } from '../flow';
import * as q from './memberships.queries';

async function activeMembership(ctx: ServiceContext, userId: string, tenantId: string) {
  const m = await q.activeMembership(ctx, userId, tenantId);
  if (!m) throw new ApiError('NOT_FOUND', 'No active membership in that tenant');
  return m;
}

export async function listMemberships(ctx: ServiceContext, userId: string) {
  const [defaultTenantId, rows] = await Promise.all([q.defaultTenantOf(ctx, userId), q.membershipsOf(ctx, userId)]);
  return { rows, defaultTenantId };
}

/** Moves the session to another tenant; its post-sign-in tasks are those owed there. */
export async function switchTenant(ctx: ServiceContext, p: UserPrincipal, tenantId: string) {
  const m = await activeMembership(ctx, p.userId, tenantId);
  const flowPending = p.actorType === 'user' && (await owesMandatoryTask(await ctx.db(), tenantId, p.userId));
  await q.moveSession(ctx, p.sessionId, tenantId, flowPending);
  ctx.audit({ action: 'auth.switch_tenant', resourceType: 'tenant', resourceId: tenantId, details: { from: p.tenantId, sessionId: p.sessionId } });
  return m;
}

export async function setDefaultTenant(ctx: ServiceContext, p: UserPrincipal, tenantId: string): Promise<void> {
  await activeMembership(ctx, p.userId, tenantId);
  await q.setDefaultTenant(ctx, p.userId, tenantId, true);
}

/**
 * Leaves a tenant: never the last one (close the account instead), never as its last active owner.
 * Sessions in that tenant move to the default (else the oldest) remaining tenant.
 */
export async function leaveTenant(ctx: ServiceContext, p: UserPrincipal, tenantId: string): Promise<void> {
  const mine = await q.lockMemberships(ctx, p.userId);
  const target = mine.find((m) => m.tenantId === tenantId);
  if (!target) throw new ApiError('NOT_FOUND', 'No membership in that tenant');
  const others = mine.filter((m) => m.tenantId !== tenantId && m.status === 'active');
  if (!others.length) throw new ApiError('CONFLICT', 'This is your only tenant: delete the account instead');
  if (target.role === 'owner' && (await q.otherOwners(ctx, tenantId, p.userId)) === 0) {
    throw new ApiError('CONFLICT', 'You are the last owner of this tenant: make someone else owner first');
  }
  await q.removeMembership(ctx, p.userId, tenantId);
  const defaultTenantId = await q.defaultTenantOf(ctx, p.userId);
  const next = others.find((m) => m.tenantId === defaultTenantId) ?? others[0]!;
  if (defaultTenantId === tenantId) await q.setDefaultTenant(ctx, p.userId, next.tenantId, false);
  await q.moveSessions(ctx, p.userId, tenantId, next.tenantId);
}
