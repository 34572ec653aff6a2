// A user's tenants: list, switch the session's tenant, default tenant for sign-in, leave, role.
import { z } from '@hono/zod-openapi';
import { and, eq, ne, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import type { Database } from '../../db/client';
import { groupMembers, memberships, sessions, tenants, users } from '../../db/schema/identity';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { userPrincipal } from '../../middleware/auth';
import { owesMandatoryTask } from './flow';

const list = contractRoute(contract.getSecureAuthTenants, {
  description: 'Every tenant the user belongs to (any membership status), oldest first; `activeTenantId` is the session’s tenant, `defaultTenantId` the one sign-in picks.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
const switchTenant = contractRoute(contract.postSecureAuthSwitchTenant, {
  description: 'Moves the current session to another tenant where the user has an active membership (and the tenant is active). Takes effect on the session’s next request with the same tokens. Unknown tenant or no membership: 404.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
const setDefault = contractRoute(contract.patchSecureAuthDefaultTenant, {
  description: 'Sets the tenant that sign-in uses when no `tenantId` is given. Requires an active membership there (else 404).',
  auth: { allowDuringFlow: true, usersOnly: true },
});
const leave = contractRoute(contract.postSecureAuthLeaveTenantByTenantId, {
  description: 'Removes the caller’s membership (and group memberships) in a tenant. Refused with 409 when the caller is its last active owner, or when it is their only tenant (delete the account instead). Leaving the session’s tenant moves the session to the default (else the oldest) remaining tenant.',
  request: { params: z.object({ tenantId: z.uuid() }) },
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [409],
});
const role = contractRoute(contract.getSecureAuthTenantRole, {
  description: 'The caller’s role in the session’s active tenant (`system_admin` for platform administrators without a membership).',
  auth: { allowDuringFlow: true, usersOnly: true },
});

async function activeMembership(db: Database, userId: string, tenantId: string) {
  const [m] = await db
    .select({ role: memberships.role, name: tenants.name, slug: tenants.slug })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId), eq(memberships.status, 'active'), eq(tenants.status, 'active')));
  if (!m) throw new ApiError('NOT_FOUND', 'No active membership in that tenant');
  return m;
}

export const membershipRoutes = newRouter()
  .openapi(list, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const [u] = await db.select({ defaultTenantId: users.defaultTenantId }).from(users).where(eq(users.id, p.userId));
    const rows = await db
      .select({ m: memberships, name: tenants.name, slug: tenants.slug })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(eq(memberships.userId, p.userId))
      .orderBy(memberships.joinedAt);
    return c.json(
      {
        data: rows.map((r) => ({
          user_id: r.m.userId,
          tenantId: r.m.tenantId,
          role: r.m.role,
          status: r.m.status,
          is_default: r.m.tenantId === u!.defaultTenantId,
          joined_at: r.m.joinedAt.toISOString(),
          tenantName: r.name,
          tenantSlug: r.slug,
        })),
        activeTenantId: p.tenantId,
        defaultTenantId: u!.defaultTenantId,
      },
      200,
    );
  })
  .openapi(switchTenant, async (c) => {
    const { tenantId } = c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const m = await activeMembership(db, p.userId, tenantId);
    const flowPending = p.actorType === 'user' && (await owesMandatoryTask(db, tenantId, p.userId));
    await db.update(sessions).set({ tenantId, flowPending }).where(eq(sessions.id, p.sessionId));
    return c.json({ success: true, tenantId, tenantName: m.name, tenantSlug: m.slug, role: m.role }, 200);
  })
  .openapi(setDefault, async (c) => {
    const { tenantId } = c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    await activeMembership(db, p.userId, tenantId);
    await db.update(users).set({ defaultTenantId: tenantId, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
    return c.json({ success: true, defaultTenantId: tenantId }, 200);
  })
  .openapi(leave, async (c) => {
    const { tenantId } = c.req.valid('param');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const mine = await db.select().from(memberships).where(eq(memberships.userId, p.userId)).for('update');
    const target = mine.find((m) => m.tenantId === tenantId);
    if (!target) throw new ApiError('NOT_FOUND', 'No membership in that tenant');
    const others = mine.filter((m) => m.tenantId !== tenantId && m.status === 'active');
    if (!others.length) throw new ApiError('CONFLICT', 'This is your only tenant: delete the account instead');
    if (target.role === 'owner') {
      const [{ owners }] = (await db
        .select({ owners: sql<number>`count(*)::int` })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'owner'), eq(memberships.status, 'active'), ne(memberships.userId, p.userId)))) as [{ owners: number }];
      if (owners === 0) throw new ApiError('CONFLICT', 'You are the last owner of this tenant: make someone else owner first');
    }
    await db.delete(groupMembers).where(and(eq(groupMembers.userId, p.userId), eq(groupMembers.tenantId, tenantId)));
    await db.delete(memberships).where(and(eq(memberships.userId, p.userId), eq(memberships.tenantId, tenantId)));
    const [u] = await db.select({ defaultTenantId: users.defaultTenantId }).from(users).where(eq(users.id, p.userId));
    const next = others.find((m) => m.tenantId === u!.defaultTenantId) ?? others[0]!;
    if (u!.defaultTenantId === tenantId) await db.update(users).set({ defaultTenantId: next.tenantId }).where(eq(users.id, p.userId));
    await db.update(sessions).set({ tenantId: next.tenantId }).where(and(eq(sessions.userId, p.userId), eq(sessions.tenantId, tenantId)));
    return c.json({ success: true, message: 'You left the tenant' }, 200);
  })
  .openapi(role, async (c) => {
    const p = await userPrincipal(c);
    return c.json({ tenantId: p.tenantId, role: p.role }, 200);
  });
