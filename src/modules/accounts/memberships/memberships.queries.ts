// A user's own memberships in Postgres. Every function names the user: these are the caller's
// memberships across tenants, not one tenant's rows.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { groupMembers } from '../../../db/schema/access';
import { memberships, sessions, tenants, users } from '../../../db/schema/accounts';

export async function defaultTenantOf(ctx: BaseContext, userId: string): Promise<string | null> {
  const db = await ctx.db();
  const [u] = await db.select({ defaultTenantId: users.defaultTenantId }).from(users).where(eq(users.id, userId));
  return u!.defaultTenantId;
}

/** Every membership of the user (any status) with its tenant's name and slug, oldest first. */
export async function membershipsOf(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  return db
    .select({ m: memberships, name: tenants.name, slug: tenants.slug })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(memberships.joinedAt);
}

/** The user's active membership in an active tenant, with the tenant's name and slug. */
export async function activeMembership(ctx: BaseContext, userId: string, tenantId: string) {
  const db = await ctx.db();
  const [m] = await db
    .select({ role: memberships.role, name: tenants.name, slug: tenants.slug })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId), eq(memberships.status, 'active'), eq(tenants.status, 'active')));
  return m;
}

export async function moveSession(ctx: BaseContext, sessionId: string, tenantId: string, flowPending: boolean): Promise<void> {
  const db = await ctx.db();
  await db.update(sessions).set({ tenantId, flowPending }).where(eq(sessions.id, sessionId));
}

export async function setDefaultTenant(ctx: BaseContext, userId: string, tenantId: string, touch: boolean): Promise<void> {
  const db = await ctx.db();
  await db
    .update(users)
    .set({ defaultTenantId: tenantId, ...(touch ? { updatedAt: sql`now()` } : {}) })
    .where(eq(users.id, userId));
}

/** Every membership of the user, locked (FOR UPDATE) while one is removed. */
export async function lockMemberships(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  return db.select().from(memberships).where(eq(memberships.userId, userId)).for('update');
}

/** Active owners of the tenant other than `userId`. */
export async function otherOwners(ctx: BaseContext, tenantId: string, userId: string): Promise<number> {
  const db = await ctx.db();
  const [{ owners }] = (await db
    .select({ owners: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'owner'), eq(memberships.status, 'active'), ne(memberships.userId, userId)))) as [{ owners: number }];
  return owners;
}

/** Removes the user's membership and group memberships in the tenant. */
export async function removeMembership(ctx: BaseContext, userId: string, tenantId: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(groupMembers).where(and(eq(groupMembers.userId, userId), eq(groupMembers.tenantId, tenantId)));
  await db.delete(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)));
}

/** Moves the user's sessions in `from` to `to`. */
export async function moveSessions(ctx: BaseContext, userId: string, from: string, to: string): Promise<void> {
  const db = await ctx.db();
  await db.update(sessions).set({ tenantId: to }).where(and(eq(sessions.userId, userId), eq(sessions.tenantId, from)));
}
