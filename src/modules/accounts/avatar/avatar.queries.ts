// The caller's avatar in Postgres: the user row with the picture of the chosen identity, and
// their linked identities.
import { and, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { userIdentities } from '../../../db/schema/accounts';
import { users } from '../../../db/schema/accounts';

/** The user and the picture of their chosen identity (null when unlinked since). */
export async function loadUser(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  const [row] = await db
    .select({ user: users, identityUrl: userIdentities.avatarUrl })
    .from(users)
    .leftJoin(userIdentities, and(eq(userIdentities.id, users.avatarIdentityId), eq(userIdentities.userId, users.id)))
    .where(eq(users.id, userId));
  return row!;
}

export type UserAvatarRow = Awaited<ReturnType<typeof loadUser>>;

export async function identityOf(ctx: BaseContext, userId: string, identityId: string) {
  const db = await ctx.db();
  const [identity] = await db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.id, identityId), eq(userIdentities.userId, userId)));
  return identity;
}

/** The user's linked identities, oldest link first. */
export async function identitiesOf(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  return db.select().from(userIdentities).where(eq(userIdentities.userId, userId)).orderBy(userIdentities.linkedAt, userIdentities.id);
}

export async function setAvatar(ctx: BaseContext, userId: string, a: { avatarSource: 'none' | 'remote'; avatarUrl: string | null; avatarIdentityId: string | null }): Promise<void> {
  const db = await ctx.db();
  await db
    .update(users)
    .set({ ...a, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}
