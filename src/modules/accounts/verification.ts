// Single-use, expiring links sent by email: email verification and password reset.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { oneTimeTokens } from '../../db/schema/identity';
import type { Tx } from '../../db/tx';
import type { BaseContext } from '../../context';
import { sendMessage } from '../outbox/send';
import { randomToken, sha256Hex } from '../../lib/crypto';

export const EMAIL_VERIFICATION_TTL_HOURS = 48;
export const PASSWORD_RESET_TTL_MINUTES = 60;

type Purpose = 'email_verification' | 'password_reset';

/** Creates a token (replacing unused ones of the same purpose) and returns it in clear, once. */
export async function issueOneTimeToken(db: Database | Tx, userId: string, purpose: Purpose, ttlMs: number): Promise<string> {
  const token = randomToken();
  await db.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)));
  await db.insert(oneTimeTokens).values({ userId, purpose, tokenHash: await sha256Hex(token), expiresAt: new Date(Date.now() + ttlMs) });
  return token;
}

/** The token's user when it is valid (unused, unexpired). `consume` spends it atomically. */
export async function checkOneTimeToken(db: Database | Tx, token: string, purpose: Purpose, consume: boolean): Promise<string | null> {
  const hash = await sha256Hex(token);
  const where = and(eq(oneTimeTokens.tokenHash, hash), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, sql`now()`));
  if (!consume) {
    const [row] = await db.select({ userId: oneTimeTokens.userId }).from(oneTimeTokens).where(where);
    return row?.userId ?? null;
  }
  const [row] = await db.update(oneTimeTokens).set({ usedAt: sql`now()` }).where(where).returning({ userId: oneTimeTokens.userId });
  return row?.userId ?? null;
}

export async function sendEmailVerification(ctx: BaseContext, db: Database | Tx, user: { id: string; email: string; tenantId: string }) {
  const token = await issueOneTimeToken(db, user.id, 'email_verification', EMAIL_VERIFICATION_TTL_HOURS * 3_600_000);
  const link = `${ctx.config.appUrl}/verify-email?token=${encodeURIComponent(token)}`;
  await sendMessage(ctx, db, {
    tenantId: user.tenantId,
    channel: 'email',
    to: user.email,
    template: 'verify_email',
    vars: { link },
    payload: { token },
    idempotencyKey: `verify_email:${user.id}:${token.slice(0, 16)}`,
  });
}

export async function sendPasswordReset(ctx: BaseContext, db: Database | Tx, user: { id: string; email: string; tenantId: string }) {
  const token = await issueOneTimeToken(db, user.id, 'password_reset', PASSWORD_RESET_TTL_MINUTES * 60_000);
  const link = `${ctx.config.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
  await sendMessage(ctx, db, {
    tenantId: user.tenantId,
    channel: 'email',
    to: user.email,
    template: 'password_reset',
    vars: { link },
    payload: { token },
    idempotencyKey: `password_reset:${user.id}:${token.slice(0, 16)}`,
  });
}
