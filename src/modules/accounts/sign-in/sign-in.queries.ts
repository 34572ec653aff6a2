// Password sign-in and the pre-sign-in tenant picker in Postgres.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, tenants, users } from '../../../db/schema/accounts';
import { verifiedTenantIdOf } from '../../tenants/domains';

/** The account with this email (not deleted) and whether it has an enabled 2FA method. */
export async function findSignInUser(ctx: BaseContext, email: string) {
  const db = await ctx.db();
  const [found] = await db
    // Spelled out: drizzle leaves columns unqualified inside select fields, which a subquery would misread.
    .select({ user: users, hasMfa: sql<boolean>`exists(select 1 from mfa_methods mm where mm.user_id = "users"."id" and mm.enabled_at is not null)` })
    .from(users)
    .where(and(eq(users.email, email), sql`${users.deletedAt} is null`));
  return found;
}

/**
 * The active memberships in active tenants of the account with this email, oldest first;
 * `viaHost` marks the tenant whose verified custom domain is `host` (same statement).
 */
export async function activeMembershipsOfEmail(ctx: BaseContext, email: string, host: string) {
  const db = await ctx.db();
  return db
    .select({
      tenantId: memberships.tenantId,
      role: memberships.role,
      name: tenants.name,
      authConfig: tenants.authConfig,
      // Spelled out: select fields leave columns unqualified, and users has a tenant_id too.
      viaHost: sql<boolean>`coalesce("memberships"."tenant_id" = ${verifiedTenantIdOf(host)}, false)`,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(users.email, email), isNull(users.deletedAt), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
    .orderBy(memberships.joinedAt);
}

export async function setPasswordHash(ctx: BaseContext, userId: string, passwordHash: string): Promise<void> {
  const db = await ctx.db();
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Active tenants where an active account with this email has an active membership, oldest first. */
export async function tenantsOfEmail(ctx: BaseContext, email: string) {
  const db = await ctx.db();
  return db
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(users.email, email), isNull(users.deletedAt), eq(users.status, 'active'), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
    .orderBy(memberships.joinedAt);
}
