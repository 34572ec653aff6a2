// Password reset and email verification: the rules of the public routes that send and spend the
// single-use links. Requests for a link answer the same whether or not the email has an account.
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { hashPassword } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { revokeUserSessions } from '../sessions';
import { sendEmailVerification, sendPasswordReset } from './links.service';
import { RESEND_INTERVAL_SECONDS, type LinkPurpose } from './recovery.model';
import * as q from './recovery.queries';

async function recentlySent(ctx: ServiceContext, userId: string, purpose: LinkPurpose) {
  const at = await q.lastLinkAt(ctx, userId, purpose);
  return at && Date.now() - at.getTime() < RESEND_INTERVAL_SECONDS * 1000;
}

/** Emails a reset link to an active account, at most one a minute. */
export async function requestPasswordReset(ctx: ServiceContext, rawEmail: string): Promise<void> {
  const email = rawEmail.toLowerCase();
  const u = await q.userByEmail(ctx, email, true);
  if (!u || (await recentlySent(ctx, u.id, 'password_reset'))) return;
  await inTransaction(ctx, async (tx) => sendPasswordReset(tx, await tx.db(), { id: u.id, email, tenantId: u.tenantId }));
  await recordSecurityEvent(await ctx.db(), { eventType: 'password_reset_requested', ipAddress: ctx.ip, userId: u.id, tenantId: u.tenantId });
  ctx.audit({ action: 'password.reset_requested', resourceType: 'user', resourceId: u.id, tenantId: u.tenantId, actorId: u.id });
}

/** The email a usable reset token is for (null: invalid, used or expired). Does not spend it. */
export async function resetTokenEmail(ctx: ServiceContext, token: string): Promise<string | null> {
  const userId = await q.checkOneTimeToken(await ctx.db(), token, 'password_reset', false);
  return userId ? q.emailOf(ctx, userId) : null;
}

/** Spends the reset token, sets the password and revokes every session of the user. */
export async function resetPassword(ctx: ServiceContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const userId = await inTransaction(ctx, async (tx) => {
    const db = await tx.db();
    const id = await q.checkOneTimeToken(db, token, 'password_reset', true);
    if (!id) return null;
    await q.setPassword(tx, id, passwordHash);
    await revokeUserSessions(db, id, 'password_reset');
    await recordSecurityEvent(db, { eventType: 'password_reset', severity: 'medium', ipAddress: ctx.ip, userId: id });
    return id;
  });
  if (!userId) throw new ApiError('BAD_REQUEST', 'This reset link is invalid, already used or expired: request a new one');
  ctx.audit({ action: 'password.reset', resourceType: 'user', resourceId: userId, actorId: userId });
}

/** Emails a new verification link to an unverified account, at most one a minute. */
export async function resendVerification(ctx: ServiceContext, rawEmail: string): Promise<void> {
  const email = rawEmail.toLowerCase();
  const u = await q.userByEmail(ctx, email, false);
  if (!u || u.emailConfirmedAt || (await recentlySent(ctx, u.id, 'email_verification'))) return;
  await inTransaction(ctx, async (tx) => sendEmailVerification(tx, await tx.db(), { id: u.id, email, tenantId: u.tenantId }));
}

/** Spends the verification token and marks the address verified; returns the address. */
export async function verifyEmail(ctx: ServiceContext, token: string): Promise<string> {
  const userId = await q.checkOneTimeToken(await ctx.db(), token, 'email_verification', true);
  if (!userId) throw new ApiError('BAD_REQUEST', 'This verification link is invalid, already used or expired: request a new one');
  const u = await q.markEmailVerified(ctx, userId);
  ctx.audit({ action: 'email.verified', resourceType: 'user', resourceId: userId, actorId: userId, tenantId: u.tenantId });
  return u.email;
}
