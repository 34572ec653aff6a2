// Two-factor methods, sent codes and backup codes in Postgres. Every row belongs to one user (the
// caller's); checks consume atomically (one conditional UPDATE ... RETURNING), so two concurrent
// requests with the same code cannot both pass.
import { and, asc, count, desc, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { sessions } from '../../../db/schema/accounts';
import { mfaBackupCodes, mfaCodes, mfaMethods } from '../../../db/schema/accounts';
import type { CodeMethod, MethodRow, MfaMethod } from './two-factor.model';

export async function findMethod(ctx: BaseContext, userId: string, method: MfaMethod): Promise<MethodRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(mfaMethods).where(and(eq(mfaMethods.userId, userId), eq(mfaMethods.method, method)));
  return row;
}

export async function enabledMethodCount(ctx: BaseContext, userId: string): Promise<number> {
  const db = await ctx.db();
  const [row] = await db.select({ n: count() }).from(mfaMethods).where(and(eq(mfaMethods.userId, userId), isNotNull(mfaMethods.enabledAt)));
  return row!.n;
}

/** The user's enabled methods, oldest first. */
export async function enabledMethods(ctx: BaseContext, userId: string): Promise<MethodRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(mfaMethods)
    .where(and(eq(mfaMethods.userId, userId), isNotNull(mfaMethods.enabledAt)))
    .orderBy(asc(mfaMethods.enabledAt));
}

/** Creates the method row pending verification, or resets a pending one (enabled rows are refused earlier). Returns its id. */
export async function upsertPending(ctx: BaseContext, userId: string, method: MfaMethod, v: { secretEncrypted: string | null; deliveryTarget: string | null }): Promise<string | null> {
  const db = await ctx.db();
  const [row] = await db
    .insert(mfaMethods)
    .values({ userId, method, ...v })
    .onConflictDoUpdate({
      target: [mfaMethods.userId, mfaMethods.method],
      set: { ...v, enabledAt: null, lastUsedAt: null, lastTotpStep: null, createdAt: sql`now()` },
      setWhere: isNull(mfaMethods.enabledAt),
    })
    .returning({ id: mfaMethods.id });
  return row?.id ?? null;
}

/** Accepts TOTP time step `step` for the method (enabling it) unless it or a later step was accepted before (replay). */
export async function acceptTotpStep(ctx: BaseContext, methodId: string, step: number): Promise<boolean> {
  const db = await ctx.db();
  const [used] = await db
    .update(mfaMethods)
    .set({ lastTotpStep: step, lastUsedAt: sql`now()`, enabledAt: sql`coalesce(${mfaMethods.enabledAt}, now())` })
    .where(and(eq(mfaMethods.id, methodId), sql`(${mfaMethods.lastTotpStep} is null or ${mfaMethods.lastTotpStep} < ${step})`))
    .returning({ id: mfaMethods.id });
  return Boolean(used);
}

/** Marks the method used (and enabled, if it was pending). */
export async function markMethodUsed(ctx: BaseContext, methodId: string): Promise<void> {
  const db = await ctx.db();
  await db
    .update(mfaMethods)
    .set({ lastUsedAt: sql`now()`, enabledAt: sql`coalesce(${mfaMethods.enabledAt}, now())` })
    .where(eq(mfaMethods.id, methodId));
}

/** Removes a method and the codes sent for it. */
export async function deleteMethod(ctx: BaseContext, userId: string, methodId: string, method: MfaMethod): Promise<void> {
  const db = await ctx.db();
  await db.delete(mfaMethods).where(eq(mfaMethods.id, methodId));
  await db.delete(mfaCodes).where(and(eq(mfaCodes.userId, userId), eq(mfaCodes.method, method)));
}

/** Completes the sign-in challenge of a session (same tokens, full access from now on). */
export async function clearMfaPending(ctx: BaseContext, sessionId: string): Promise<void> {
  const db = await ctx.db();
  await db.update(sessions).set({ mfaPending: false }).where(eq(sessions.id, sessionId));
}

// ---- sent codes --------------------------------------------------------------------------------

/** The id of the latest code sent for the method (only that one counts). */
export async function latestCodeId(ctx: BaseContext, userId: string, method: MfaMethod): Promise<string | undefined> {
  const db = await ctx.db();
  const [latest] = await db
    .select({ id: mfaCodes.id })
    .from(mfaCodes)
    .where(and(eq(mfaCodes.userId, userId), eq(mfaCodes.method, method)))
    .orderBy(desc(mfaCodes.createdAt))
    .limit(1);
  return latest?.id;
}

/** Spends the code when it is unused, unexpired and its hash matches. */
export async function spendCode(ctx: BaseContext, codeId: string, codeHash: string): Promise<boolean> {
  const db = await ctx.db();
  const [spent] = await db
    .update(mfaCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaCodes.id, codeId), isNull(mfaCodes.usedAt), gt(mfaCodes.expiresAt, sql`now()`), eq(mfaCodes.codeHash, codeHash)))
    .returning({ id: mfaCodes.id });
  return Boolean(spent);
}

/** The user's sends within the last hour: the latest for `method`, how many, and the oldest. */
export async function sendStats(ctx: BaseContext, userId: string, method: CodeMethod) {
  const db = await ctx.db();
  const [stats] = await db
    .select({
      lastForMethod: sql<string | null>`max(${mfaCodes.createdAt}) filter (where ${mfaCodes.method} = ${method})`,
      inHour: sql<number>`count(*)::int`,
      oldestInHour: sql<string | null>`min(${mfaCodes.createdAt})`,
    })
    .from(mfaCodes)
    .where(and(eq(mfaCodes.userId, userId), gt(mfaCodes.createdAt, sql`now() - interval '1 hour'`)));
  return stats;
}

/** Stores a new code (its hash) valid for `ttlSeconds`; codes older than a day are dropped first. */
export async function insertCode(ctx: BaseContext, userId: string, method: CodeMethod, codeHash: string, ttlSeconds: number): Promise<string> {
  const db = await ctx.db();
  // Housekeeping: codes older than a day serve neither checks nor send limits.
  await db.delete(mfaCodes).where(and(eq(mfaCodes.userId, userId), lt(mfaCodes.createdAt, sql`now() - interval '1 day'`)));
  const [row] = await db
    .insert(mfaCodes)
    .values({ userId, method, codeHash, expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})` })
    .returning({ id: mfaCodes.id });
  return row!.id;
}

// ---- backup codes ------------------------------------------------------------------------------

export async function replaceBackupCodes(ctx: BaseContext, userId: string, hashes: string[]): Promise<void> {
  const db = await ctx.db();
  await db.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, userId));
  await db.insert(mfaBackupCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

export async function deleteBackupCodes(ctx: BaseContext, userId: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, userId));
}

/** Spends an unused backup code by its hash; false when unknown or already used. */
export async function spendBackupCode(ctx: BaseContext, userId: string, codeHash: string): Promise<boolean> {
  const db = await ctx.db();
  const [row] = await db
    .update(mfaBackupCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaBackupCodes.userId, userId), eq(mfaBackupCodes.codeHash, codeHash), isNull(mfaBackupCodes.usedAt)))
    .returning({ id: mfaBackupCodes.id });
  return Boolean(row);
}

export async function backupCodesRemaining(ctx: BaseContext, userId: string): Promise<number> {
  const db = await ctx.db();
  const [row] = await db.select({ n: count() }).from(mfaBackupCodes).where(and(eq(mfaBackupCodes.userId, userId), isNull(mfaBackupCodes.usedAt)));
  return row!.n;
}
