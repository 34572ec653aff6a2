// Public side of invitations: validate a code, accept it (new account or existing one).
// Both are throttled per IP: unknown codes and wrong passwords count as failures, and an IP with
// INVITE_MAX_FAILURES within the window is refused with 429 for the block time. The password of an
// existing account is also checked under the sign-in throttle (accounts/sign-in-throttle.ts): the
// inviter holds the code, so accept must not be a way around the account's lockout. These routes
// are public, so their writes (counters, `opened_at`) persist whatever the answer.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { authConfig } from '../../config';
import { memberships, tenants, users } from '../../db/schema/identity';
import { invitations } from '../../db/schema/invitations';
import { mfaMethods } from '../../db/schema/mfa';
import { hashPassword, verifyPassword } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { clientIp, userAgent } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { recordSecurityEvent } from '../../lib/security-events';
import { setAudit } from '../../middleware/audit';
import { nextStep, taskStates } from '../accounts/flow';
import { createSession, setRefreshCookie } from '../accounts/sessions';
import { assertNotThrottled, recordFailure } from '../accounts/throttle';
import { countFailedSignIn } from '../security/auto-block';
import { passwordFailed, passwordSucceeded, signInKeys, type Attempt } from '../accounts/sign-in-throttle';
import { sendEmailVerification } from '../accounts/verification';
import { lockInvitationForAccept, markInvitationAccepted, hashCode, selectInvitations } from './service';

/** Failures (unknown codes, wrong passwords) per IP within the window before a block. */
export const INVITE_THROTTLE = { maxFailures: 10, windowSeconds: 900, blockSeconds: 900 };
const THROTTLE_DOC =
  `**Throttling:** ${INVITE_THROTTLE.maxFailures} unknown codes or wrong passwords from one IP within ${INVITE_THROTTLE.windowSeconds / 60} minutes ` +
  `block that IP for ${INVITE_THROTTLE.blockSeconds / 60} minutes (429 with \`Retry-After\`).`;

const ipKeys = (ip: string | null) => (ip ? [`invite:ip:${ip}`] : []);

const validate = contractRoute(contract.postPublicInvitationsValidate, {
  description:
    'Checks an invitation code (case, spaces and dashes ignored). A usable code answers `valid: true` with the invitation summary and ' +
    'marks the invitation opened. Unknown, expired, revoked or already accepted codes answer **200** with `valid: false`, ' +
    '`invitation: null` and `error` (`INVITATION_NOT_FOUND`, `INVITATION_EXPIRED`, `INVITATION_REVOKED`, `INVITATION_ACCEPTED`). ' +
    THROTTLE_DOC,
  errors: [429],
});

const accept = contractRoute(contract.postPublicInvitationsAccept, {
  description:
    'Accepts an invitation, once: the code is spent atomically (of two concurrent accepts exactly one succeeds; the other answers 409). ' +
    '**New user:** when no account has the email, `password` (≥ 8) is required and an account is created (`display_name` optional); ' +
    'for a phone invitation `email` is required. The new account\'s email is **unconfirmed** either way and a verification link is sent ' +
    'to it (as at registration): the inviter sees `full_code` when creating the invitation, so holding the code proves nothing about ' +
    'the mailbox. **Existing user:** when an account has the email, its `password` proves it (401 otherwise) and the ' +
    'account gains the membership; the password check shares the sign-in throttle of that account and IP (a wrong password counts ' +
    'as a failed sign-in, and while sign-in is blocked for the account this answers 429 with `Retry-After` too). For an email invitation `email` may be omitted and must otherwise match the invitation (403). ' +
    'The role is re-checked against the inviter\'s current role: an inviter who lost the rank (or left) makes the invitation unusable (403). ' +
    'Answers 404 for an unknown code, 409 for an expired, revoked or accepted invitation or when the user is already a member, ' +
    '403 when the tenant has password sign-in disabled, 422 for the OAuth path (not offered: accept with a password). ' +
    'Returns a session (`access_token`, `refresh_token`, also set as the refresh cookie) in the invitation\'s tenant; ' +
    '`requires_post_auth_flow` tells whether mandatory post-sign-in tasks are pending. An account with 2FA gets a session that owes its second factor. ' +
    THROTTLE_DOC,
  errors: [409, 429],
});

export const invitationPublicRoutes = newRouter()
  .openapi(validate, async (c) => {
    const { code } = c.req.valid('json');
    const db = await c.var.db();
    const keys = ipKeys(clientIp(c));
    await assertNotThrottled(db, keys, 'invitation code attempts');
    const [view] = await selectInvitations(db, eq(invitations.codeHash, await hashCode(code)));
    if (!view) {
      if (keys.length) await recordFailure(db, keys, INVITE_THROTTLE);
      return c.json({ valid: false, invitation: null, error: 'INVITATION_NOT_FOUND' }, 200);
    }
    if (view.status === 'expired' || view.status === 'revoked' || view.status === 'accepted') {
      return c.json({ valid: false, invitation: null, error: `INVITATION_${view.status.toUpperCase()}` }, 200);
    }
    const inv = view.inv;
    if (!inv.openedAt) await db.update(invitations).set({ openedAt: sql`now()` }).where(and(eq(invitations.id, inv.id), sql`${invitations.openedAt} is null`));
    return c.json(
      {
        valid: true,
        invitation: {
          tenantId: inv.tenantId,
          tenant_name: view.tenantName,
          role: inv.role,
          recipient_email: inv.recipientEmail,
          recipient_phone: inv.recipientPhone,
          invited_by_name: view.inviterName,
          expires_at: inv.expiresAt.toISOString(),
        },
        error: null,
      },
      200,
    );
  })
  .openapi(accept, async (c) => {
    const body = c.req.valid('json');
    const cfg = authConfig(c.env);
    const db = await c.var.db();
    const ip = clientIp(c);
    const keys = ipKeys(ip);
    await assertNotThrottled(db, keys, 'invitation attempts');
    // Set once the code names an existing account: from then on this is a password attempt.
    let attempt: Attempt | undefined;
    if ((body.oauth_access_token || body.oauth_refresh_token) && !body.password) {
      throw new ApiError('UNPROCESSABLE_ENTITY', 'Accepting with an OAuth sign-in is not offered: accept with a password, then link the provider');
    }
    const result = await db
      .transaction(async (tx) => {
        const view = await lockInvitationForAccept(tx, body.code);
        const inv = view.inv;
        const [tenant] = await tx.select({ status: tenants.status, authConfig: tenants.authConfig }).from(tenants).where(eq(tenants.id, inv.tenantId));
        if (tenant?.status !== 'active') throw new ApiError('CONFLICT', 'The tenant is not active');
        if (tenant.authConfig.passwordAuthEnabled === false) throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant');

        const given = body.email?.toLowerCase();
        if (inv.recipientEmail && given && given !== inv.recipientEmail) throw new ApiError('FORBIDDEN', 'The email does not match the invitation');
        const email = inv.recipientEmail ?? given;
        if (!email) throw new ApiError('VALIDATION_ERROR', 'Invalid body: email', { location: 'body', fields: { email: ['Required for a phone invitation'] } });

        const [existing] = await tx.select().from(users).where(and(eq(users.email, email), sql`${users.deletedAt} is null`));
        let user: typeof users.$inferSelect;
        let mfaPending = false;
        if (existing) {
          attempt = { email, ip, userId: existing.id, tenantId: existing.tenantId };
          // A read only: this transaction rolls back on refusal, the counting happens in the catch below.
          await assertNotThrottled(tx, signInKeys(email, ip), 'sign-in attempts');
          if (!body.password || !(await verifyPassword(body.password, existing.passwordHash))) {
            throw new ApiError('UNAUTHORIZED', 'An account with this email exists: give its password');
          }
          if (existing.status !== 'active' || existing.kind !== 'user') throw new ApiError('FORBIDDEN', 'This account cannot join tenants');
          const [member] = await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, existing.id), eq(memberships.tenantId, inv.tenantId)));
          if (member) throw new ApiError('CONFLICT', 'You are already a member of this tenant');
          const [mfa] = await tx.select({ id: mfaMethods.id }).from(mfaMethods).where(and(eq(mfaMethods.userId, existing.id), isNotNull(mfaMethods.enabledAt))).limit(1);
          mfaPending = Boolean(mfa);
          user = existing;
        } else {
          if (!body.password) throw new ApiError('VALIDATION_ERROR', 'Invalid body: password', { location: 'body', fields: { password: ['Required to create the account'] } });
          const [created] = await tx
            .insert(users)
            .values({
              tenantId: inv.tenantId,
              email,
              passwordHash: await hashPassword(body.password),
              passwordChangedAt: new Date(),
              displayName: body.display_name ?? null,
              defaultTenantId: inv.tenantId,
              locale: inv.language,
              emailConfirmedAt: null,
            })
            .returning();
          user = created!;
          await sendEmailVerification(c, tx, { id: user.id, email, tenantId: inv.tenantId });
        }

        // The single-use step: only an open, unexpired invitation turns accepted.
        await markInvitationAccepted(tx, inv.id, user.id);
        await tx.insert(memberships).values({ userId: user.id, tenantId: inv.tenantId, role: inv.role });
        const flow = nextStep(await taskStates(tx, inv.tenantId, user.id));
        const tokens = await createSession(tx, cfg, {
          userId: user.id,
          tenantId: inv.tenantId,
          rememberMe: false,
          mfaPending,
          flowPending: flow.action === 'REDIRECT',
          authMethod: 'password',
          ipAddress: ip,
          userAgent: userAgent(c),
        });
        return { inv, tenantName: view.tenantName, user, tokens, created: !existing, flow };
      })
      .catch(async (err: unknown) => {
        if (attempt && err instanceof ApiError && err.status === 401) await passwordFailed(db, cfg, attempt, c.env);
        if (attempt && err instanceof ApiError && err.status === 429) await countFailedSignIn(db, ip, c.env);
        if (err instanceof ApiError && (err.status === 404 || err.status === 401) && keys.length) {
          const blocked = await recordFailure(db, keys, INVITE_THROTTLE);
          if (blocked.length) await recordSecurityEvent(db, { eventType: 'invitation_guessing_blocked', severity: 'medium', ipAddress: ip, details: { keys: blocked } });
        }
        throw err;
      });

    const { inv, user, tokens } = result;
    if (!result.created) await passwordSucceeded(db, user.email);
    setRefreshCookie(c, cfg, tokens.refreshToken, false);
    setAudit(c, {
      action: 'invitation.accept',
      resourceType: 'invitation',
      resourceId: inv.id,
      tenantId: inv.tenantId,
      actorId: user.id,
      details: { role: inv.role, newUser: result.created },
    });
    return c.json(
      {
        success: true,
        message: result.created ? 'Account created and invitation accepted' : 'Invitation accepted',
        user: { id: user.id, email: user.email, display_name: user.displayName, tenantId: inv.tenantId, tenant_name: result.tenantName, role: inv.role },
        access_token: tokens.accessToken,
        refresh_token: tokens.refreshToken,
        requires_post_auth_flow: result.flow.action === 'REDIRECT',
      },
      201,
    );
  });
