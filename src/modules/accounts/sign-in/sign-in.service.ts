// Password sign-in: the throttle, the password check, the tenant the session is for, the session,
// and what the user may do there. The refresh cookie is the handler's (HTTP).
import { authConfig } from '../../../config';
import type { ServiceContext } from '../../../context';
import { withHandle } from '../../../db/tx';
import { hashPassword, needsRehash, verifyPassword } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { appAccountSignIn } from '../../access/app-accounts';
import { owesMandatoryTask } from '../flow';
import { createSession } from '../sessions';
import * as q from './sign-in.queries';
import { assertMayTryPassword, passwordFailed, passwordSucceeded } from './throttle.service';
import { userContext } from './user-context.queries';

export interface PasswordSignIn {
  email: string;
  password: string;
  /** The tenant to sign in to; else the user's default tenant, else their first. */
  tenantId?: string;
  rememberMe?: boolean;
  userAgent: string | null;
}

export async function signIn(ctx: ServiceContext, input: PasswordSignIn) {
  const cfg = authConfig(ctx.env);
  const db = await ctx.db();
  const ip = ctx.ip;
  const email = input.email.toLowerCase();
  const counted = await assertMayTryPassword(db, email, ip, ctx);

  const found = await q.findSignInUser(ctx, email);
  const user = found?.user;
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!ok || !user) {
    await passwordFailed(db, cfg, { email, ip, userId: user?.id, tenantId: user?.tenantId }, ctx);
    throw new ApiError('UNAUTHORIZED', 'Invalid email or password');
  }
  if (user.status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
  // Application accounts: status and expiry block sign-in; permissions come from their permission object.
  const app = user.kind === 'app_account' ? await appAccountSignIn(withHandle(ctx, db), user.id) : null;

  const active = await q.activeMemberships(ctx, user.id);
  const wanted = input.tenantId ?? user.defaultTenantId ?? user.tenantId;
  const tenant = active.find((m) => m.tenantId === wanted) ?? (input.tenantId ? undefined : active[0]);
  if (!tenant) throw new ApiError('FORBIDDEN', input.tenantId ? 'No active membership in that tenant' : 'No active tenant membership');
  if (!tenant.authConfig.passwordAuthEnabled && !user.isSystemAdmin) {
    throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant; use a linked sign-in provider');
  }

  const mfa = Boolean(found!.hasMfa);
  await passwordSucceeded(db, email, counted);
  if (needsRehash(user.passwordHash!)) await q.setPasswordHash(ctx, user.id, await hashPassword(input.password));
  const tokens = await createSession(db, cfg, {
    userId: user.id,
    tenantId: tenant.tenantId,
    rememberMe: input.rememberMe ?? false,
    mfaPending: mfa,
    flowPending: !app && (await owesMandatoryTask(db, tenant.tenantId, user.id)),
    authMethod: 'password',
    ipAddress: ip,
    userAgent: input.userAgent,
  });
  await recordSecurityEvent(db, { eventType: 'login_succeeded', ipAddress: ip, userId: user.id, tenantId: tenant.tenantId, details: { mfaPending: mfa } });
  const access = await userContext(db, user.id, tenant.tenantId, user.isSystemAdmin, tenant.role);
  if (app) Object.assign(access, { groups: [], permissions: app.permissions });
  ctx.audit({
    action: 'auth.login',
    resourceType: 'user',
    resourceId: user.id,
    tenantId: tenant.tenantId,
    actorId: user.id,
    actorType: app ? 'app_account' : 'user',
    details: { sessionId: tokens.sessionId, mfaPending: mfa },
  });
  return { tokens, user, tenant: { id: tenant.tenantId, name: tenant.name }, access, mfa };
}

/** The tenant picker before sign-in: an unknown email gets the same empty list as one without tenants. */
export const tenantsForEmail = (ctx: ServiceContext, email: string) => q.tenantsOfEmail(ctx, email.toLowerCase());
