// One-time tokens and the account reads and writes of verification and password reset. The token
// functions take a database handle: registration paths of other areas (OAuth, invitation accept)
// send a verification link inside their own transaction.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import type { Database } from '../../../db/client';
import { oneTimeTokens, users } from '../../../db/schema/accounts';
import type { Tx } from '../../../db/tx';
import { randomToken, sha256Hex } from '../../../lib/crypto';
import type { LinkPurpose } from './recovery.model';

type Db = Database | Tx;

/** Creates a token (replacing unused ones of the same purpose) and returns it in clear, once. */
export async function issueOneTimeToken(db: Db, userId: string, purpose: LinkPurpose, ttlMs: number): Promise<string> {
  const token = randomToken();
  await db.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)));
  await db.insert(oneTimeTokens).values({ userId, purpose, tokenHash: await sha256Hex(token), expiresAt: new Date(Date.now() + ttlMs) });
  return token;
}

/** The token's user when it is valid (unused, unexpired). `consume` spends it atomically. */
export async function checkOneTimeToken(db: Db, token: string, purpose: LinkPurpose, consume: boolean): Promise<string | null> {
  const hash = await sha256Hex(token);
  const where = and(eq(oneTimeTokens.tokenHash, hash), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, sql`now()`));
  if (!consume) {
    const [row] = await db.select({ userId: oneTimeTokens.userId }).from(oneTimeTokens).where(where);
    return row?.userId ?? null;
  }
  const [row] = await db.update(oneTimeTokens).set({ usedAt: sql`now()` }).where(where).returning({ userId: oneTimeTokens.userId });
  return row?.userId ?? null;
}

/** When the last link of this kind was made for the user (undefined: never). */
export async function lastLinkAt(ctx: BaseContext, userId: string, purpose: LinkPurpose): Promise<Date | undefined> {
  const db = await ctx.db();
  const [last] = await db
    .select({ at: oneTimeTokens.createdAt })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose)))
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);
  return last?.at;
}

/** The account with this email that is not deleted (`activeOnly`: and active). */
export async function userByEmail(ctx: BaseContext, email: string, activeOnly: boolean) {
  const db = await ctx.db();
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt), activeOnly ? eq(users.status, 'active') : undefined));
  return u;
}

export async function emailOf(ctx: BaseContext, userId: string): Promise<string> {
  const db = await ctx.db();
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u!.email;
}

export async function setPassword(ctx: BaseContext, userId: string, passwordHash: string): Promise<void> {
  const db = await ctx.db();
  await db.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, userId));
}

/** Marks the address verified (the first verification time is kept). */
export async function markEmailVerified(ctx: BaseContext, userId: string): Promise<{ email: string; tenantId: string }> {
  const db = await ctx.db();
  const [u] = await db
    .update(users)
    .set({ emailConfirmedAt: sql`coalesce(${users.emailConfirmedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning({ email: users.email, tenantId: users.tenantId });
  return u!;
}
