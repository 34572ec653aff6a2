// What accepting an invitation reads and writes beyond the invitation: the tenant, the account
// the code names (or a new one) and its membership. Keyed by the invitation's tenant, explicitly:
// the caller of these public routes has no tenant.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, tenants, users, type Role } from '../../../db/schema/accounts';
import { mfaMethods } from '../../../db/schema/accounts';

export type UserRow = typeof users.$inferSelect;

export async function tenantState(ctx: BaseContext, tenantId: string) {
  const db = await ctx.db();
  const [tenant] = await db.select({ status: tenants.status, authConfig: tenants.authConfig }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant;
}

/** The live (not deleted) account with this email. */
export async function userByEmail(ctx: BaseContext, email: string): Promise<UserRow | undefined> {
  const db = await ctx.db();
  const [user] = await db.select().from(users).where(and(eq(users.email, email), sql`${users.deletedAt} is null`));
  return user;
}

export async function isMember(ctx: BaseContext, userId: string, tenantId: string): Promise<boolean> {
  const db = await ctx.db();
  const [member] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)));
  return Boolean(member);
}

/** Whether the account has an enabled second factor (its new session then owes it). */
export async function hasEnabledMfa(ctx: BaseContext, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const [mfa] = await db.select({ id: mfaMethods.id }).from(mfaMethods).where(and(eq(mfaMethods.userId, userId), isNotNull(mfaMethods.enabledAt))).limit(1);
  return Boolean(mfa);
}

export async function insertUser(ctx: BaseContext, values: typeof users.$inferInsert): Promise<UserRow> {
  const db = await ctx.db();
  const [created] = await db.insert(users).values(values).returning();
  return created!;
}

export async function insertMembership(ctx: BaseContext, m: { userId: string; tenantId: string; role: Role }): Promise<void> {
  const db = await ctx.db();
  await db.insert(memberships).values(m);
}
