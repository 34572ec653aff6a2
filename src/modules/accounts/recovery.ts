// Email verification and password reset: single-use, expiring links sent through the outbox.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import type { Database } from '../../db/client';
import { oneTimeTokens, users } from '../../db/schema/identity';
import { hashPassword } from '../../lib/crypto';
import { ApiError, StandardErrorResponse } from '../../lib/errors';
import { clientIp } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { recordSecurityEvent } from '../../lib/security-events';
import { setAudit } from '../../middleware/audit';
import { serviceContext } from '../../middleware/service-context';
import { revokeUserSessions } from './sessions';
import { checkOneTimeToken, EMAIL_VERIFICATION_TTL_HOURS, PASSWORD_RESET_TTL_MINUTES, sendEmailVerification, sendPasswordReset } from './verification';

/** At most one link of a kind per account per minute (no mail bombing through these routes). */
const RESEND_INTERVAL_SECONDS = 60;

const forgot = contractRoute(contract.postPublicAuthForgotPassword, {
  description: `Emails a single-use password reset link valid for ${PASSWORD_RESET_TTL_MINUTES} minutes (at most one per minute per account). Always answers 200 with the same message, whether or not the email has an account.`,
});
const validate = contractRoute(contract.getPublicAuthValidateResetToken, {
  description: 'Tells whether a reset token is still usable (unused, unexpired), and for whom. Does not spend it.',
  request: { query: z.object({ token: z.string().min(1).max(200).openapi({ description: 'The token from the reset link' }) }) },
});
const reset = contractRoute(contract.postPublicAuthResetPassword, {
  description: 'Sets a new password with a reset token. The token works once; every session of the user is revoked. Invalid, used or expired token: 400.',
});
const resend = contractRoute(contract.postPublicAuthResendVerification, {
  description: `Emails a new verification link (valid ${EMAIL_VERIFICATION_TTL_HOURS} hours; earlier links stop working) to an unverified account. Always answers 200 with the same message, whether or not the email has an account or is already verified.`,
});
const verify = createRoute({
  method: 'post',
  path: '/api/v1/public/auth/verify-email',
  summary: 'Verify email address',
  description:
    'Consumes the single-use token from the verification email (`/verify-email?token=...` in the web app) and marks the address verified. Not in the original reference: added because verification is done by this API. Invalid, used or expired token: 400.',
  tags: ['Auth', 'Registration'],
  request: { body: { required: true, content: { 'application/json': { schema: z.strictObject({ token: z.string().min(1).max(200) }) } } } },
  responses: {
    200: { description: 'Verified', content: { 'application/json': { schema: z.strictObject({ message: z.string(), verified: z.boolean(), email: z.email() }) } } },
    400: { description: 'Invalid token', content: { 'application/json': { schema: StandardErrorResponse } } },
    500: { description: 'Internal error', content: { 'application/json': { schema: StandardErrorResponse } } },
  },
});

const SAME_ANSWER = 'If an account exists for this email, a message is on its way.';

async function recentlySent(db: Database, userId: string, purpose: 'password_reset' | 'email_verification') {
  const [last] = await db
    .select({ at: oneTimeTokens.createdAt })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose)))
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);
  return last && Date.now() - last.at.getTime() < RESEND_INTERVAL_SECONDS * 1000;
}

export const recoveryRoutes = newRouter()
  .openapi(forgot, async (c) => {
    const email = c.req.valid('json').email.toLowerCase();
    const db = await c.var.db();
    const [u] = await db.select().from(users).where(and(eq(users.email, email), isNull(users.deletedAt), eq(users.status, 'active')));
    if (u && !(await recentlySent(db, u.id, 'password_reset'))) {
      await db.transaction((tx) => sendPasswordReset(serviceContext(c), tx, { id: u.id, email, tenantId: u.tenantId }));
      await recordSecurityEvent(db, { eventType: 'password_reset_requested', ipAddress: clientIp(c), userId: u.id, tenantId: u.tenantId });
      setAudit(c, { action: 'password.reset_requested', resourceType: 'user', resourceId: u.id, tenantId: u.tenantId, actorId: u.id });
    }
    return c.json({ message: SAME_ANSWER }, 200);
  })
  .openapi(validate, async (c) => {
    const db = await c.var.db();
    const userId = await checkOneTimeToken(db, c.req.valid('query').token, 'password_reset', false);
    if (!userId) return c.json({ valid: false }, 200);
    const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    return c.json({ valid: true, email: u!.email }, 200);
  })
  .openapi(reset, async (c) => {
    const body = c.req.valid('json');
    const passwordHash = await hashPassword(body.password);
    const db = await c.var.db();
    const userId = await db.transaction(async (tx) => {
      const id = await checkOneTimeToken(tx, body.token, 'password_reset', true);
      if (!id) return null;
      await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, id));
      await revokeUserSessions(tx, id, 'password_reset');
      await recordSecurityEvent(tx, { eventType: 'password_reset', severity: 'medium', ipAddress: clientIp(c), userId: id });
      return id;
    });
    if (!userId) throw new ApiError('BAD_REQUEST', 'This reset link is invalid, already used or expired: request a new one');
    setAudit(c, { action: 'password.reset', resourceType: 'user', resourceId: userId, actorId: userId });
    return c.json({ message: 'Password updated. Sign in with the new password.' }, 200);
  })
  .openapi(resend, async (c) => {
    const email = c.req.valid('json').email.toLowerCase();
    const db = await c.var.db();
    const [u] = await db.select().from(users).where(and(eq(users.email, email), isNull(users.deletedAt)));
    if (u && !u.emailConfirmedAt && !(await recentlySent(db, u.id, 'email_verification'))) {
      await db.transaction((tx) => sendEmailVerification(serviceContext(c), tx, { id: u.id, email, tenantId: u.tenantId }));
    }
    return c.json({ message: SAME_ANSWER }, 200);
  })
  .openapi(verify, async (c) => {
    const db = await c.var.db();
    const userId = await checkOneTimeToken(db, c.req.valid('json').token, 'email_verification', true);
    if (!userId) throw new ApiError('BAD_REQUEST', 'This verification link is invalid, already used or expired: request a new one');
    const [u] = await db
      .update(users)
      .set({ emailConfirmedAt: sql`coalesce(${users.emailConfirmedAt}, now())`, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning({ email: users.email, tenantId: users.tenantId });
    setAudit(c, { action: 'email.verified', resourceType: 'user', resourceId: userId, actorId: userId, tenantId: u!.tenantId });
    return c.json({ message: 'Email address verified', verified: true, email: u!.email }, 200);
  });
