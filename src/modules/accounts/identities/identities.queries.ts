// The caller's provider identities, sign-in settings and OAuth login history in Postgres (rows of
// one user: the caller).
import { asc, count, desc, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { userIdentities } from '../../../db/schema/accounts';
import { users } from '../../../db/schema/accounts';
import { oauthLoginHistory } from '../../../db/schema/accounts';

export type IdentityRow = typeof userIdentities.$inferSelect;
export type UserPatch = Partial<Pick<typeof users.$inferInsert, 'primaryProvider' | 'avatarIdentityId' | 'avatarSource' | 'avatarUrl'>>;

/** Whether the user has a password, and their primary sign-in method. */
export async function signInSettings(ctx: BaseContext, userId: string): Promise<{ hasPassword: boolean; primary: string | null } | undefined> {
  const db = await ctx.db();
  const [u] = await db.select({ hasPassword: sql<boolean>`${users.passwordHash} is not null`, primary: users.primaryProvider }).from(users).where(eq(users.id, userId));
  return u;
}

/** The user's row, locked FOR UPDATE while its sign-in methods change. */
export async function lockUser(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  const [u] = await db.select().from(users).where(eq(users.id, userId)).for('update');
  return u;
}

/** The user's identities, oldest link first. */
export async function identities(ctx: BaseContext, userId: string): Promise<IdentityRow[]> {
  const db = await ctx.db();
  return db.select().from(userIdentities).where(eq(userIdentities.userId, userId)).orderBy(asc(userIdentities.linkedAt), asc(userIdentities.id));
}

export async function deleteIdentity(ctx: BaseContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(userIdentities).where(eq(userIdentities.id, id));
}

export async function updateUser(ctx: BaseContext, userId: string, patch: UserPatch): Promise<void> {
  const db = await ctx.db();
  await db.update(users).set({ ...patch, updatedAt: sql`now()` }).where(eq(users.id, userId));
}

/** Marks the identity of `provider` primary and every other identity of the user not. */
export async function markPrimary(ctx: BaseContext, userId: string, provider: string): Promise<void> {
  const db = await ctx.db();
  await db.update(userIdentities).set({ isPrimary: sql`${userIdentities.provider} = ${provider}` }).where(eq(userIdentities.userId, userId));
}

export async function history(ctx: BaseContext, userId: string, page: { limit: number; offset: number }) {
  const db = await ctx.db();
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(oauthLoginHistory)
      .where(eq(oauthLoginHistory.userId, userId))
      .orderBy(desc(oauthLoginHistory.attemptedAt), desc(oauthLoginHistory.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(oauthLoginHistory).where(eq(oauthLoginHistory.userId, userId)),
  ]);
  return { rows, total: total!.n };
}
