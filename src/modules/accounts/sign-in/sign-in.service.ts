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
import { prepareSession } from '../sessions';
import * as q from './sign-in.queries';
import { assertMayTryPassword, passwordFailed, passwordSucceeded } from './throttle.service';
import { userContext } from './user-context.queries';

export interface PasswordSignIn {
  email: string;
  password: string;
  /** The tenant to sign in to; else the one whose verified custom domain is `host`, else the user's default tenant, else their first. */
  tenantId?: string;
  host: string;
  rememberMe?: boolean;
  userAgent: string | null;
}

export async function signIn(ctx: ServiceContext, input: PasswordSignIn) {
  const cfg = authConfig(ctx.env);
  const db = await ctx.db();
  const ip = ctx.ip;
  const email = input.email.toLowerCase();
  // Round trip 1: the throttle state, the account and its active tenants, together.
  const [counted, found, active] = await Promise.all([assertMayTryPassword(db, email, ip, ctx), q.findSignInUser(ctx, email), q.activeMembershipsOfEmail(ctx, email, input.host)]);
  const user = found?.user;
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!ok || !user) {
    await passwordFailed(db, cfg, { email, ip, userId: user?.id, tenantId: user?.tenantId }, ctx);
    throw new ApiError('UNAUTHORIZED', 'Invalid email or password');
  }
  if (user.status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
  const wanted = input.tenantId ?? active.find((m) => m.viaHost)?.tenantId ?? user.defaultTenantId ?? user.tenantId;
  const tenant = active.find((m) => m.tenantId === wanted) ?? (input.tenantId ? undefined : active[0]);
  // Round trip 2: the app account's state, the tenant's mandatory tasks and the caller's groups.
  // Application accounts: status and expiry block sign-in; permissions come from their permission object.
  const [app, owes, access] = await Promise.all([
    user.kind === 'app_account' ? appAccountSignIn(withHandle(ctx, db), user.id) : null,
    tenant && user.kind !== 'app_account' ? owesMandatoryTask(db, tenant.tenantId, user.id) : false,
    tenant ? userContext(db, user.id, tenant.tenantId, user.isSystemAdmin, tenant.role) : null,
  ]);
  if (!tenant || !access) throw new ApiError('FORBIDDEN', input.tenantId ? 'No active membership in that tenant' : 'No active tenant membership');
  if (!tenant.authConfig.passwordAuthEnabled && !user.isSystemAdmin) {
    throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant; use a linked sign-in provider');
  }

  const mfa = Boolean(found!.hasMfa);
  const rehashed = needsRehash(user.passwordHash!) ? await hashPassword(input.password) : null;
  const session = await prepareSession(cfg, {
    userId: user.id,
    tenantId: tenant.tenantId,
    rememberMe: input.rememberMe ?? false,
    mfaPending: mfa,
    flowPending: !app && owes,
    authMethod: 'password',
    ipAddress: ip,
    userAgent: input.userAgent,
  });
  const tokens = session.tokens;
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
  // Round trip 3: every write in one atomic batch (nothing awaited between them), the audit entry included.
  await Promise.all([
    passwordSucceeded(db, email, counted),
    rehashed ? q.setPasswordHash(ctx, user.id, rehashed) : null,
    session.save(db),
    recordSecurityEvent(db, { eventType: 'login_succeeded', ipAddress: ip, userId: user.id, tenantId: tenant.tenantId, details: { mfaPending: mfa } }),
    ctx.writeAuditNow(db),
  ]);
  return { tokens, user, tenant: { id: tenant.tenantId, name: tenant.name }, access, mfa };
}

/** The tenant picker before sign-in: an unknown email gets the same empty list as one without tenants. */
export const tenantsForEmail = (ctx: ServiceContext, email: string) => q.tenantsOfEmail(ctx, email.toLowerCase());
