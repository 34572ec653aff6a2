// The single-use secrets of a flow: the OAuth state (with its PKCE verifier and nonce) and the
// registration token pair handed out by `registration_required`.
import { jwtVerify, SignJWT } from 'jose';
import type { AuthConfig } from '../../../config';
import type { BaseContext } from '../../../context';
import { randomToken, sha256Hex } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { AUDIENCE, ISSUER } from '../../../lib/tokens';
import { buildAuthorizationUrl, createPkce, randomNonce, type OAuthConfig } from '../../../providers/oauth';
import { REGISTRATION_TTL_SECONDS, STATE_TTL_MS, type IdentityWithEmail, type NewState, type RegistrationRow, type StateRow } from './oauth.model';
import * as q from './oauth.queries';

/** Stores a state (hashed id, PKCE verifier, nonce) and builds the provider's authorization URL. */
export async function startAuthorization(ctx: BaseContext, cfg: OAuthConfig, s: NewState) {
  const stateId = crypto.randomUUID();
  const { verifier, challenge } = await createPkce();
  const nonce = randomNonce();
  const oauthUrl = buildAuthorizationUrl(s.provider, cfg, { redirectUri: s.redirectUrl, state: stateId, codeChallenge: challenge, nonce });
  const expiresAt = new Date(Date.now() + STATE_TTL_MS);
  await q.insertState(ctx, { ...s, stateHash: await sha256Hex(stateId), codeVerifier: verifier, nonce, expiresAt });
  return { stateId, oauthUrl, expiresAt };
}

/**
 * Spends a state: the first call wins (atomic update), later ones find it used. Spent even when
 * the exchange then fails (or it turns out expired), so a state is never tried twice.
 */
export async function consumeState(ctx: BaseContext, stateId: string): Promise<StateRow> {
  const hash = await sha256Hex(stateId);
  const spent = await q.spendState(ctx, hash);
  if (!spent) {
    const seen = await q.stateExists(ctx, hash);
    throw new ApiError('BAD_REQUEST', seen ? 'This OAuth state was already used: start again' : 'Unknown OAuth state', {
      reason: seen ? 'STATE_USED' : 'STATE_UNKNOWN',
    });
  }
  return spent; // the caller checks expiry, so that the attempt is recorded
}

// ---- Registration tokens ---------------------------------------------------------------------
// `registration_required` hands out two tokens in the `accessToken` / `refreshToken` fields:
// accessToken = a JWT (typ `oauth_registration`, 15 minutes) naming the pending registration;
// refreshToken = an opaque secret (`orr_…`) whose SHA-256 is stored with it. /oauth/register needs
// both, once. Neither opens any secure route (the access middleware accepts only typ `access`).

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueRegistration(ctx: BaseContext, cfg: AuthConfig, who: IdentityWithEmail, tenantId: string | null, historyId: string) {
  const secret = randomToken('orr_');
  const id = await q.insertRegistration(ctx, {
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
  });
  const token = await new SignJWT({ typ: 'oauth_registration' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${REGISTRATION_TTL_SECONDS}s`)
    .sign(key(cfg.jwtSecret));
  return { accessToken: token, refreshToken: secret };
}

/** Spends a pending registration named by both tokens (inside the caller's transaction). */
export async function consumeRegistration(ctx: BaseContext, cfg: AuthConfig, accessToken: string, refreshToken: string): Promise<RegistrationRow> {
  let id: string;
  try {
    const { payload } = await jwtVerify(accessToken, key(cfg.jwtSecret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
    if (payload.typ !== 'oauth_registration') throw new Error('typ');
    id = payload.sub!;
  } catch {
    throw new ApiError('UNAUTHORIZED', 'Invalid or expired registration token: sign in with the provider again');
  }
  const row = await q.spendRegistration(ctx, id, await sha256Hex(refreshToken));
  if (!row) throw new ApiError('UNAUTHORIZED', 'Registration token already used, expired or not matching: sign in with the provider again');
  return row;
}
