import { and, eq, isNull, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { authConfig } from '../../config';
import { memberships, tenants, users } from '../../db/schema/identity';
import { hashPassword, needsRehash, verifyPassword } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { clientIp, userAgent } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { recordSecurityEvent } from '../../lib/security-events';
import { appAccountSignIn } from '../integrators/app-account-auth';
import { owesMandatoryTask } from './flow-gate';
import { writeAudit } from '../../middleware/audit';
import { prepareSession, setRefreshCookie } from './sessions';
import { assertMayTryPassword, passwordFailed, passwordSucceeded } from './sign-in-throttle';
import { loginUser, userContext } from './user-context';

const route = contractRoute(contract.postPublicAuthLogin, {
  description:
    'Signs in with email and password. Returns a short-lived access token (`expiresIn` seconds) and a ' +
    'refresh token, also set as an HttpOnly `refresh_token` cookie; `rememberMe` makes the session last ' +
    '30 days instead of 7. The tenant is `tenantId` when given (an active membership is required), else ' +
    "the user's default tenant, else their first. **Two-factor:** when the user has a 2FA method " +
    'enabled, the tokens belong to a restricted session (`permissions` is empty) that can only call ' +
    '`/secure/auth/2fa/{verify,use-backup,send-code,status}` and `/secure/auth/logout`; every other ' +
    'route answers 403 with `details.reason = MFA_REQUIRED` until a code is verified, after which the same ' +
    'tokens carry full access. **Throttling:** 5 failures per account or per IP within 15 minutes block ' +
    'further attempts for 15 minutes (429 with `Retry-After`). Failed and refused attempts from one IP also count ' +
    'towards the platform auto-block (`ip_blacklist_auto_block_threshold` within an hour, default 50): the IP is then ' +
    'blacklisted for `ip_blacklist_auto_block_duration_seconds` and every request from it answers 403.',
  errors: [429],
  // Three round trips over HTTP, no connection: the reads, the tenant's reads, the writes (one atomic batch).
  database: 'http',
});

export const login = newRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  const cfg = authConfig(c.env);
  const db = await c.var.db();
  const ip = clientIp(c);
  const email = body.email.toLowerCase();
  // Round trip 1: the throttle state, the account and its active tenants, together.
  const [counted, [found], active] = await Promise.all([
    assertMayTryPassword(db, email, ip, c.env),
    db
      // Spelled out: drizzle leaves columns unqualified inside select fields, which a subquery would misread.
      .select({ user: users, hasMfa: sql<boolean>`exists(select 1 from mfa_methods mm where mm.user_id = "users"."id" and mm.enabled_at is not null)` })
      .from(users)
      .where(and(eq(users.email, email), sql`${users.deletedAt} is null`)),
    db
      .select({ tenantId: memberships.tenantId, role: memberships.role, name: tenants.name, authConfig: tenants.authConfig })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(users.email, email), isNull(users.deletedAt), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
      .orderBy(memberships.joinedAt),
  ]);
  const user = found?.user;
  const ok = await verifyPassword(body.password, user?.passwordHash ?? null);
  if (!ok || !user) {
    await passwordFailed(db, cfg, { email, ip, userId: user?.id, tenantId: user?.tenantId }, c.env);
    throw new ApiError('UNAUTHORIZED', 'Invalid email or password');
  }
  if (user.status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
  const wanted = body.tenantId ?? user.defaultTenantId ?? user.tenantId;
  const tenant = active.find((m) => m.tenantId === wanted) ?? (body.tenantId ? undefined : active[0]);
  // Round trip 2: the app account's state, the tenant's mandatory tasks and the caller's groups.
  // Application accounts: status and expiry block sign-in; permissions come from their permission object.
  const [app, owes, ctx] = await Promise.all([
    user.kind === 'app_account' ? appAccountSignIn(db, user.id) : null,
    tenant && user.kind !== 'app_account' ? owesMandatoryTask(db, tenant.tenantId, user.id) : false,
    tenant ? userContext(db, user.id, tenant.tenantId, user.isSystemAdmin, tenant.role) : null,
  ]);
  if (!tenant || !ctx) throw new ApiError('FORBIDDEN', body.tenantId ? 'No active membership in that tenant' : 'No active tenant membership');
  if (!tenant.authConfig.passwordAuthEnabled && !user.isSystemAdmin) {
    throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant; use a linked sign-in provider');
  }

  const mfa = found!.hasMfa;
  const rehashed = needsRehash(user.passwordHash!) ? await hashPassword(body.password) : null;
  const session = await prepareSession(cfg, {
    userId: user.id,
    tenantId: tenant.tenantId,
    rememberMe: body.rememberMe ?? false,
    mfaPending: Boolean(mfa),
    flowPending: !app && owes,
    authMethod: 'password',
    ipAddress: ip,
    userAgent: userAgent(c),
  });
  // Round trip 3: every write in one atomic batch (no await between them), the audit entry included.
  c.set('auditWritten', true);
  await Promise.all([
    passwordSucceeded(db, email, counted),
    rehashed ? db.update(users).set({ passwordHash: rehashed }).where(eq(users.id, user.id)) : null,
    session.save(db),
    recordSecurityEvent(db, { eventType: 'login_succeeded', ipAddress: ip, userId: user.id, tenantId: tenant.tenantId, details: { mfaPending: Boolean(mfa) } }),
    writeAudit(db, c, 200),
  ]);
  const tokens = session.tokens;
  setRefreshCookie(c, cfg, tokens.refreshToken, tokens.rememberMe);
  if (app) Object.assign(ctx, { groups: [], permissions: app.permissions });
  return c.json(
    {
      user: loginUser(user, { id: tenant.tenantId, name: tenant.name }, ctx, Boolean(mfa)),
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresIn: tokens.expiresIn,
    },
    200,
  );
});
