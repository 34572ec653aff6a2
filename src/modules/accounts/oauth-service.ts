// OAuth flow building blocks: states, login history, registration tokens and the sign-in itself.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { jwtVerify, SignJWT } from 'jose';
import type { AuthConfig } from '../../config';
import type { Database } from '../../db/client';
import { memberships, tenants, users } from '../../db/schema/identity';
import { mfaMethods } from '../../db/schema/mfa';
import { oauthLoginHistory, oauthRegistrations, oauthStates } from '../../db/schema/oauth';
import type { Tx } from '../../db/tx';
import { randomToken, sha256Hex } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { AUDIENCE, ISSUER } from '../../lib/tokens';
import { buildAuthorizationUrl, createPkce, randomNonce, type OAuthConfig, type OAuthIdentity, type OAuthProvider } from '../../providers/oauth';
import { nextStep, taskStates } from './flow-service';
import { REGISTRATION_TTL_SECONDS, STATE_TTL_MS, type ClientType } from './oauth-config';
import { createSession, type IssuedTokens } from './sessions';
import { loginUser, userContext } from './sign-in';

type Db = Database | Tx;

export interface NewState {
  purpose: 'login' | 'link';
  provider: OAuthProvider;
  clientType: ClientType;
  redirectUrl: string;
  tenantId: string | null;
  userId: string | null;
  ipAddress: string | null;
}

/** Stores a state (hashed id, PKCE verifier, nonce) and builds the provider's authorization URL. */
export async function startAuthorization(db: Db, cfg: OAuthConfig, s: NewState) {
  const stateId = crypto.randomUUID();
  const { verifier, challenge } = await createPkce();
  const nonce = randomNonce();
  const oauthUrl = buildAuthorizationUrl(s.provider, cfg, { redirectUri: s.redirectUrl, state: stateId, codeChallenge: challenge, nonce });
  const expiresAt = new Date(Date.now() + STATE_TTL_MS);
  await db.insert(oauthStates).values({ ...s, stateHash: await sha256Hex(stateId), codeVerifier: verifier, nonce, expiresAt });
  return { stateId, oauthUrl, expiresAt };
}

export type StateRow = typeof oauthStates.$inferSelect;

/**
 * Spends a state: the first call wins (atomic update), later ones find it used. Spent even when
 * the exchange then fails (or it turns out expired), so a state is never tried twice.
 */
export async function consumeState(db: Db, stateId: string): Promise<StateRow> {
  const hash = await sha256Hex(stateId);
  const [spent] = await db
    .update(oauthStates)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oauthStates.stateHash, hash), sql`${oauthStates.usedAt} is null`))
    .returning();
  if (!spent) {
    const [seen] = await db.select({ id: oauthStates.id }).from(oauthStates).where(eq(oauthStates.stateHash, hash));
    throw new ApiError('BAD_REQUEST', seen ? 'This OAuth state was already used: start again' : 'Unknown OAuth state', {
      reason: seen ? 'STATE_USED' : 'STATE_UNKNOWN',
    });
  }
  return spent; // the caller checks expiry, so that the attempt is recorded
}

export interface HistoryEntry {
  userId: string | null;
  tenantId: string | null;
  provider: string;
  purpose: string;
  success: boolean;
  error?: string | null;
  details?: Record<string, unknown>;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function recordAttempt(db: Db, e: HistoryEntry): Promise<string> {
  const [row] = await db.insert(oauthLoginHistory).values(e).returning({ id: oauthLoginHistory.id });
  return row!.id;
}

// ---- Registration tokens ---------------------------------------------------------------------
// `registration_required` hands out two tokens in the `accessToken` / `refreshToken` fields:
// accessToken = a JWT (typ `oauth_registration`, 15 minutes) naming the pending registration;
// refreshToken = an opaque secret (`orr_…`) whose SHA-256 is stored with it. /oauth/register needs
// both, once. Neither opens any secure route (the access middleware accepts only typ `access`).

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueRegistration(db: Db, cfg: AuthConfig, who: OAuthIdentity & { email: string }, tenantId: string | null, historyId: string) {
  const secret = randomToken('orr_');
  const [row] = await db
    .insert(oauthRegistrations)
    .values({
      secretHash: await sha256Hex(secret),
      provider: who.provider,
      subject: who.subject,
      email: who.email.toLowerCase(),
      emailVerified: who.emailVerified,
      displayName: who.displayName,
      avatarUrl: who.avatarUrl,
      tenantId,
      historyId,
      expiresAt: new Date(Date.now() + REGISTRATION_TTL_SECONDS * 1000),
    })
    .returning({ id: oauthRegistrations.id });
  const token = await new SignJWT({ typ: 'oauth_registration' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(row!.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${REGISTRATION_TTL_SECONDS}s`)
    .sign(key(cfg.jwtSecret));
  return { accessToken: token, refreshToken: secret };
}

/** Spends a pending registration named by both tokens (inside the caller's transaction). */
export async function consumeRegistration(tx: Tx, cfg: AuthConfig, accessToken: string, refreshToken: string) {
  let id: string;
  try {
    const { payload } = await jwtVerify(accessToken, key(cfg.jwtSecret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    if (payload.typ !== 'oauth_registration') throw new Error('typ');
    id = payload.sub!;
  } catch {
    throw new ApiError('UNAUTHORIZED', 'Invalid or expired registration token: sign in with the provider again');
  }
  const [row] = await tx
    .update(oauthRegistrations)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oauthRegistrations.id, id), eq(oauthRegistrations.secretHash, await sha256Hex(refreshToken)), sql`${oauthRegistrations.usedAt} is null`, sql`${oauthRegistrations.expiresAt} > now()`))
    .returning();
  if (!row) throw new ApiError('UNAUTHORIZED', 'Registration token already used, expired or not matching: sign in with the provider again');
  return row;
}

// ---- Sign-in ----------------------------------------------------------------------------------

export interface SignInTarget {
  user: { id: string; email: string; displayName: string | null; isSystemAdmin: boolean; defaultTenantId: string | null; tenantId: string };
  /** The tenant the flow named (state), if any: an active membership there is required. */
  wantedTenantId: string | null;
  provider: OAuthProvider;
  ipAddress: string | null;
  userAgent: string | null;
}

/**
 * Opens a session like password sign-in does: tenant = the named one (membership required), else
 * the default tenant, else the first active membership; 2FA pending when a method is enabled;
 * `requiresPostAuthFlow` when a mandatory post-sign-in task is pending.
 */
export async function signInWithProvider(db: Db, cfg: AuthConfig, t: SignInTarget) {
  const active = await db
    .select({ tenantId: memberships.tenantId, name: tenants.name, authConfig: tenants.authConfig })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, t.user.id), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
    .orderBy(memberships.joinedAt);
  const wanted = t.wantedTenantId ?? t.user.defaultTenantId ?? t.user.tenantId;
  const tenant = active.find((m) => m.tenantId === wanted) ?? (t.wantedTenantId ? undefined : active[0]);
  if (!tenant) throw new ApiError('FORBIDDEN', t.wantedTenantId ? 'No active membership in that tenant' : 'No active tenant membership');
  const enabled = tenant.authConfig.oauthProvidersEnabled ?? [];
  if (enabled.length && !enabled.includes(t.provider) && !t.user.isSystemAdmin) {
    throw new ApiError('FORBIDDEN', `Sign-in with ${t.provider} is not enabled for this tenant`, { reason: 'PROVIDER_NOT_ENABLED' });
  }
  const [mfa] = await db.select({ id: mfaMethods.id }).from(mfaMethods).where(and(eq(mfaMethods.userId, t.user.id), isNotNull(mfaMethods.enabledAt))).limit(1);
  const flow = nextStep(await taskStates(db, tenant.tenantId, t.user.id));
  const tokens: IssuedTokens = await createSession(db, cfg, {
    userId: t.user.id,
    tenantId: tenant.tenantId,
    rememberMe: false,
    mfaPending: Boolean(mfa),
    flowPending: flow.action === 'REDIRECT',
    authMethod: `oauth:${t.provider}`,
    ipAddress: t.ipAddress,
    userAgent: t.userAgent,
  });
  const ctx = await userContext(db, t.user.id, tenant.tenantId, t.user.isSystemAdmin);
  const user = loginUser(t.user, { id: tenant.tenantId, name: tenant.name }, ctx, Boolean(mfa));
  return {
    tokens,
    tenantId: tenant.tenantId,
    tenantName: tenant.name,
    mfaPending: Boolean(mfa),
    requiresPostAuthFlow: flow.action === 'REDIRECT',
    user: { ...user, displayName: user.displayName ?? t.user.email },
  };
}

/** Active, undeleted person account by id or by (lower-cased) email. */
export async function findUser(db: Db, by: { id: string } | { email: string }) {
  const [u] = await db
    .select()
    .from(users)
    .where(and('id' in by ? eq(users.id, by.id) : eq(users.email, by.email.toLowerCase()), sql`${users.deletedAt} is null`));
  return u;
}

/** Cron: drops states and pending registrations a day after they expired (used or not). */
export async function pruneOAuthFlows(db: Db): Promise<void> {
  await db.delete(oauthStates).where(sql`${oauthStates.expiresAt} < now() - interval '1 day'`);
  await db.delete(oauthRegistrations).where(sql`${oauthRegistrations.expiresAt} < now() - interval '1 day'`);
}
