// Changing one's own password; closing one's own account.
import { and, eq, inArray, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { authConfig } from '../../config';
import { memberships, users } from '../../db/schema/identity';
import { hashPassword, verifyPassword } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { clientIp } from '../../lib/request';
import { serviceContext } from '../../middleware/service-context';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { recordSecurityEvent } from '../../lib/security-events';
import { userPrincipal } from '../../middleware/auth';
import { revokeUserSessions } from './sessions';
import { assertMayTryPassword, passwordFailed, passwordSucceeded } from './sign-in-throttle';

const change = contractRoute(contract.postSecureAuthMeChangePassword, {
  description:
    'Checks the current password, sets the new one (at least 8 characters, different from the current) and revokes every other session of the user; the calling session stays signed in. A wrong current password answers 400 and counts toward the sign-in throttle of the account and the IP (429 with `Retry-After` once blocked, here and at sign-in).',
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [429],
  unitOfWork: false,
});

const close = contractRoute(contract.deleteSecureAuthAccount, {
  description:
    'Closes the caller’s account: the user is retired, their memberships suspended, every session revoked, and the email released (the row is kept, anonymised, for referential integrity). Refused with 409 while the caller is the last active owner of a tenant that has other active members.',
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [409],
});

export const passwordRoutes = newRouter()
  .openapi(change, async (c) => {
    const body = c.req.valid('json');
    const p = await userPrincipal(c);
    const cfg = authConfig(c.env);
    const db = await c.var.db();
    const ip = clientIp(c);
    const counted = await assertMayTryPassword(db, p.email, ip, serviceContext(c));
    const [u] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, p.userId));
    if (!(await verifyPassword(body.currentPassword, u!.hash))) {
      await passwordFailed(db, cfg, { email: p.email, ip, userId: p.userId, tenantId: p.tenantId, eventType: 'password_change_failed' }, serviceContext(c));
      throw new ApiError('VALIDATION_ERROR', 'Current password is incorrect', { fields: { currentPassword: ['incorrect'] } });
    }
    if (body.newPassword === body.currentPassword) {
      throw new ApiError('VALIDATION_ERROR', 'The new password must differ from the current one', { fields: { newPassword: ['unchanged'] } });
    }
    const passwordHash = await hashPassword(body.newPassword);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
      await revokeUserSessions(tx, p.userId, 'password_changed', p.sessionId);
      await recordSecurityEvent(tx, { eventType: 'password_changed', ipAddress: ip, userId: p.userId, tenantId: p.tenantId });
    });
    await passwordSucceeded(db, p.email, counted);
    return c.json({ data: { success: true, message: 'Password changed; other sessions were signed out' } }, 200);
  })
  .openapi(close, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const owned = await db.select({ tenantId: memberships.tenantId }).from(memberships).where(and(eq(memberships.userId, p.userId), eq(memberships.role, 'owner'), eq(memberships.status, 'active')));
    if (owned.length) {
      const orphaned = await db.execute<{ tenant_id: string }>(sql`
        select m.tenant_id from memberships m
        where m.tenant_id in ${owned.map((o) => o.tenantId)} and m.status = 'active' and m.user_id <> ${p.userId}
        group by m.tenant_id having bool_or(m.role = 'owner') = false`);
      if (orphaned.rows.length) {
        throw new ApiError('CONFLICT', 'You are the last owner of a tenant with other members: transfer ownership first', {
          tenantIds: orphaned.rows.map((r) => r.tenant_id),
        });
      }
    }
    const closedAt = new Date();
    await db
      .update(users)
      .set({ status: 'retired', deletedAt: closedAt, email: `deleted+${p.userId}@deleted.invalid`, passwordHash: null, updatedAt: closedAt })
      .where(eq(users.id, p.userId));
    await db.update(memberships).set({ status: 'suspended' }).where(inArray(memberships.userId, [p.userId]));
    await revokeUserSessions(db, p.userId, 'account_closed');
    await recordSecurityEvent(db, { eventType: 'account_closed', severity: 'medium', ipAddress: clientIp(c), userId: p.userId, tenantId: p.tenantId });
    return c.json({ data: { success: true, message: 'Your account has been closed', accountClosedAt: closedAt.toISOString() } }, 200);
  });
