// Public side of invitations: validate a code, accept it (new account or existing one).
// Both are throttled per IP: unknown codes and wrong passwords count as failures, and an IP with
// INVITE_THROTTLE.maxFailures within the window is refused with 429 for the block time. The password
// of an existing account is also checked under the sign-in throttle (accounts/sign-in-throttle.ts):
// the inviter holds the code, so accept must not be a way around the account's lockout. These routes
// are public, so their writes (counters, `opened_at`) persist whatever the answer.
import type { ServiceContext } from '../../../context';
import { authConfig } from '../../../config';
import { inTransaction, withHandle } from '../../../db/tx';
import { hashPassword, verifyPassword } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { invalidFields } from '../../../lib/validation';
import { nextStep, taskStates } from '../../accounts/flow';
import { createSession, type IssuedTokens } from '../../accounts/sessions';
import { assertNotThrottled, passwordFailed, passwordSucceeded, recordFailure, signInKeys, type Attempt } from '../../accounts/sign-in';
import { sendEmailVerification } from '../../accounts/recovery';
import { countFailedSignIn } from '../security/ip-blacklist';
import * as accounts from './accept.queries';
import { hashCode } from './invitations.codes';
import { INVITE_THROTTLE, type AcceptInput, type InvitationRow, type Validation } from './invitations.model';
import * as q from './invitations.queries';
import { lockInvitationForAccept, markInvitationAccepted } from './invitations.service';
import { assertWithinLimit } from '../../tenants/settings/limits';

const ipKeys = (ip: string | null) => (ip ? [`invite:ip:${ip}`] : []);

/** A usable code marks its invitation opened; unknown codes count against the caller's IP. */
export async function validateCode(ctx: ServiceContext, code: string): Promise<Validation> {
  const db = await ctx.db();
  const keys = ipKeys(ctx.ip);
  await assertNotThrottled(db, keys, 'invitation code attempts');
  const view = await q.findByCode(ctx, await hashCode(code));
  if (!view) {
    if (keys.length) await recordFailure(db, keys, INVITE_THROTTLE);
    return { valid: false, error: 'INVITATION_NOT_FOUND' };
  }
  if (view.status === 'expired' || view.status === 'revoked' || view.status === 'accepted') {
    return { valid: false, error: `INVITATION_${view.status.toUpperCase()}` };
  }
  if (!view.inv.openedAt) await q.markOpened(ctx, view.inv.id);
  return { valid: true, view };
}

export interface Accepted {
  inv: InvitationRow;
  tenantName: string;
  user: accounts.UserRow;
  tokens: IssuedTokens;
  /** A new account was created (else an existing one joined). */
  created: boolean;
  requiresPostAuthFlow: boolean;
}

/**
 * Accepts an invitation once (the code is spent atomically) and signs the account in to the
 * invitation's tenant: an existing account proves itself with its password, otherwise a new
 * account is created with its email unconfirmed (holding the code proves nothing about the mailbox).
 */
export async function acceptInvitation(ctx: ServiceContext, body: AcceptInput, userAgent: string | null): Promise<Accepted> {
  const cfg = authConfig(ctx.env);
  const db = await ctx.db();
  const ip = ctx.ip;
  const keys = ipKeys(ip);
  await assertNotThrottled(db, keys, 'invitation attempts');
  // Set once the code names an existing account: from then on this is a password attempt.
  let attempt: Attempt | undefined;
  if ((body.oauth_access_token || body.oauth_refresh_token) && !body.password) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'Accepting with an OAuth sign-in is not offered: accept with a password, then link the provider');
  }
  const result = await inTransaction(ctx, async (tx) => {
    const view = await lockInvitationForAccept(tx, body.code);
    const inv = view.inv;
    const tenant = await accounts.tenantState(tx, inv.tenantId);
    if (tenant?.status !== 'active') throw new ApiError('CONFLICT', 'The tenant is not active');
    if (tenant.authConfig.passwordAuthEnabled === false) throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant');

    const given = body.email?.toLowerCase();
    if (inv.recipientEmail && given && given !== inv.recipientEmail) throw new ApiError('FORBIDDEN', 'The email does not match the invitation');
    const email = inv.recipientEmail ?? given;
    if (!email) throw invalidFields('body', { email: ['Required for a phone invitation'] });

    const existing = await accounts.userByEmail(tx, email);
    let user: accounts.UserRow;
    let mfaPending = false;
    if (existing) {
      attempt = { email, ip, userId: existing.id, tenantId: existing.tenantId };
      // A read only: this transaction rolls back on refusal, the counting happens in the catch below.
      await assertNotThrottled(await tx.db(), signInKeys(email, ip), 'sign-in attempts');
      if (!body.password || !(await verifyPassword(body.password, existing.passwordHash))) {
        throw new ApiError('UNAUTHORIZED', 'An account with this email exists: give its password');
      }
      if (existing.status !== 'active' || existing.kind !== 'user') throw new ApiError('FORBIDDEN', 'This account cannot join tenants');
      if (await accounts.isMember(tx, existing.id, inv.tenantId)) throw new ApiError('CONFLICT', 'You are already a member of this tenant');
      mfaPending = await accounts.hasEnabledMfa(tx, existing.id);
      user = existing;
    } else {
      if (!body.password) throw invalidFields('body', { password: ['Required to create the account'] });
      user = await accounts.insertUser(tx, {
        tenantId: inv.tenantId,
        email,
        passwordHash: await hashPassword(body.password),
        passwordChangedAt: new Date(),
        displayName: body.display_name ?? null,
        defaultTenantId: inv.tenantId,
        locale: inv.language,
        emailConfirmedAt: null,
      });
      await sendEmailVerification(tx, await tx.db(), { id: user.id, email, tenantId: inv.tenantId });
    }

    // The seat is counted when it is taken: invitations sent while seats were free cannot overfill the tenant.
    await assertWithinLimit(tx, 'users', { tenantId: inv.tenantId });
    // The single-use step: only an open, unexpired invitation turns accepted.
    await markInvitationAccepted(tx, inv.id, user.id);
    await accounts.insertMembership(tx, { userId: user.id, tenantId: inv.tenantId, role: inv.role });
    const flow = nextStep(await taskStates(await tx.db(), inv.tenantId, user.id));
    const tokens = await createSession(await tx.db(), cfg, {
      userId: user.id,
      tenantId: inv.tenantId,
      rememberMe: false,
      mfaPending,
      flowPending: flow.action === 'REDIRECT',
      authMethod: 'password',
      ipAddress: ip,
      userAgent,
    });
    return { inv, tenantName: view.tenantName, user, tokens, created: !existing, requiresPostAuthFlow: flow.action === 'REDIRECT' };
  }).catch(async (err: unknown) => {
    // Outside the rolled-back transaction, so the counters stay.
    if (attempt && err instanceof ApiError && err.status === 401) await passwordFailed(db, cfg, attempt, ctx);
    if (attempt && err instanceof ApiError && err.status === 429) await countFailedSignIn(withHandle(ctx, db), ip);
    if (err instanceof ApiError && (err.status === 404 || err.status === 401) && keys.length) {
      const blocked = await recordFailure(db, keys, INVITE_THROTTLE);
      if (blocked.length) await recordSecurityEvent(db, { eventType: 'invitation_guessing_blocked', severity: 'medium', ipAddress: ip, details: { keys: blocked } });
    }
    throw err;
  });

  if (!result.created) await passwordSucceeded(db, result.user.email);
  ctx.audit({
    action: 'invitation.accept',
    resourceType: 'invitation',
    resourceId: result.inv.id,
    tenantId: result.inv.tenantId,
    actorId: result.user.id,
    details: { role: result.inv.role, newUser: result.created },
  });
  return result;
}
