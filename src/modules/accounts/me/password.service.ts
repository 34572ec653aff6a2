// Changing one's own password (under the sign-in throttle) and closing one's own account.
import { authConfig } from '../../../config';
import type { ServiceContext, UserPrincipal } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { hashPassword, verifyPassword } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { setPassword } from '../recovery';
import { revokeUserSessions } from '../sessions';
import { assertMayTryPassword, passwordFailed, passwordSucceeded } from '../sign-in';
import * as q from './me.queries';

/**
 * Checks the current password (a wrong one counts toward the sign-in throttle), sets the new one
 * and revokes every other session of the user. The route keeps no unit of work, so the failure
 * counted survives the refusal.
 */
export async function changePassword(ctx: ServiceContext, p: UserPrincipal, body: { currentPassword: string; newPassword: string }): Promise<void> {
  const cfg = authConfig(ctx.env);
  const db = await ctx.db();
  const ip = ctx.ip;
  const counted = await assertMayTryPassword(db, p.email, ip, ctx);
  if (!(await verifyPassword(body.currentPassword, await q.passwordHashOf(ctx, p.userId)))) {
    await passwordFailed(db, cfg, { email: p.email, ip, userId: p.userId, tenantId: p.tenantId, eventType: 'password_change_failed' }, ctx);
    throw new ApiError('VALIDATION_ERROR', 'Current password is incorrect', { fields: { currentPassword: ['incorrect'] } });
  }
  if (body.newPassword === body.currentPassword) {
    throw new ApiError('VALIDATION_ERROR', 'The new password must differ from the current one', { fields: { newPassword: ['unchanged'] } });
  }
  const passwordHash = await hashPassword(body.newPassword);
  await inTransaction(ctx, async (tx) => {
    const txDb = await tx.db();
    await setPassword(tx, p.userId, passwordHash);
    await revokeUserSessions(txDb, p.userId, 'password_changed', p.sessionId);
    await recordSecurityEvent(txDb, { eventType: 'password_changed', ipAddress: ip, userId: p.userId, tenantId: p.tenantId });
  });
  await passwordSucceeded(db, p.email, counted);
}

/**
 * Retires the caller's account: memberships suspended, every session revoked, email released.
 * Refused while it would leave a tenant with other active members without an owner.
 */
export async function closeAccount(ctx: ServiceContext, p: UserPrincipal): Promise<Date> {
  const orphaned = await q.tenantsOrphanedBy(ctx, p.userId);
  if (orphaned.length) {
    throw new ApiError('CONFLICT', 'You are the last owner of a tenant with other members: transfer ownership first', { tenantIds: orphaned });
  }
  const closedAt = new Date();
  await q.retireUser(ctx, p.userId, closedAt);
  const db = await ctx.db();
  await revokeUserSessions(db, p.userId, 'account_closed');
  await recordSecurityEvent(db, { eventType: 'account_closed', severity: 'medium', ipAddress: ctx.ip, userId: p.userId, tenantId: p.tenantId });
  return closedAt;
}
