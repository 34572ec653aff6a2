// The caller's own account in Postgres: profile, password, closing.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, users } from '../../../db/schema/accounts';
import type { ProfileUpdate } from './profile-fields';

export async function userById(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return u!;
}

export async function updateProfile(ctx: BaseContext, userId: string, set: ProfileUpdate): Promise<void> {
  const db = await ctx.db();
  await db.update(users).set({ ...set, updatedAt: sql`now()` }).where(eq(users.id, userId));
}

export async function passwordHashOf(ctx: BaseContext, userId: string): Promise<string | null> {
  const db = await ctx.db();
  const [u] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return u!.hash;
}

/**
 * Tenants the user is the only active owner of while others are active members there (closing the
 * account would orphan them).
 */
export async function tenantsOrphanedBy(ctx: BaseContext, userId: string): Promise<string[]> {
  const db = await ctx.db();
  const owned = await db.select({ tenantId: memberships.tenantId }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.role, 'owner'), eq(memberships.status, 'active')));
  if (!owned.length) return [];
  const orphaned = await db.execute<{ tenant_id: string }>(sql`
    select m.tenant_id from memberships m
    where m.tenant_id in ${owned.map((o) => o.tenantId)} and m.status = 'active' and m.user_id <> ${userId}
    group by m.tenant_id having bool_or(m.role = 'owner') = false`);
  return orphaned.rows.map((r) => r.tenant_id);
}

/** Retires the user (row kept, anonymised, email released) and suspends their memberships. */
export async function retireUser(ctx: BaseContext, userId: string, closedAt: Date): Promise<void> {
  const db = await ctx.db();
  await db
    .update(users)
    .set({ status: 'retired', deletedAt: closedAt, email: `deleted+${userId}@deleted.invalid`, passwordHash: null, updatedAt: closedAt })
    .where(eq(users.id, userId));
  await db.update(memberships).set({ status: 'suspended' }).where(inArray(memberships.userId, [userId]));
}
