// CSRF tokens for cookie-authenticated calls. A token is `<payload>.<signature>`: the payload names
// the tenant, the session and the expiry; the signature is HMAC-SHA256 under a key derived from
// JWT_SECRET (label `csrf-token`). Tokens are stateless: valid for their session until they expire.
//
// Enforcement: when a tenant has `csrf_enabled`, a mutating request that authenticates by cookie
// must carry a valid token in the tenant's `csrf_header_name` (default X-CSRF-Token). Today that is
// POST /api/v1/public/auth/refresh without a body token (the refresh_token cookie).
import type { ServiceContext } from '../../../../context';
import { authConfig } from '../../../../config';
import { base64url, sha256Hex, timingSafeEqual } from '../../../../lib/crypto';
import { ApiError } from '../../../../lib/errors';
import { recordSecurityEvent } from '../../../../lib/security-events';
import { readTenantConfig } from '../policy';
import * as q from './csrf.queries';

const enc = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey('raw', enc.encode(`csrf-token:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, k);
  }
  return k;
}

async function sign(secret: string, payload: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), enc.encode(payload)));
}

interface CsrfPayload {
  t: string;
  s: string;
  exp: number;
  n: string;
}

export async function issueCsrfToken(secret: string, tenantId: string, sessionId: string, ttlSeconds: number) {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const payload = base64url(enc.encode(JSON.stringify({ t: tenantId, s: sessionId, exp, n: crypto.randomUUID().slice(0, 8) } satisfies CsrfPayload)));
  const token = `${payload}.${base64url(await sign(secret, payload))}`;
  return { token, expiresAt: new Date(exp * 1000) };
}

export async function verifyCsrfToken(secret: string, token: string, tenantId: string, sessionId: string): Promise<'ok' | 'invalid' | 'expired'> {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || token.length > 1000) return 'invalid';
  const expected = base64url(await sign(secret, payload));
  if (!timingSafeEqual(enc.encode(expected), enc.encode(sig))) return 'invalid';
  let p: CsrfPayload;
  try {
    p = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as CsrfPayload;
  } catch {
    return 'invalid';
  }
  if (p.t !== tenantId || p.s !== sessionId) return 'invalid';
  return p.exp * 1000 > Date.now() ? 'ok' : 'expired';
}

/** A token for the caller's session, and the cookie the tenant's policy names for double-submit clients. */
export async function issueForSession(ctx: ServiceContext, tenantId: string, sessionId: string) {
  const { config } = await readTenantConfig(ctx, tenantId);
  const cfg = authConfig(ctx.env);
  const { token, expiresAt } = await issueCsrfToken(cfg.jwtSecret, tenantId, sessionId, config.csrf_token_expiry);
  return { token, expiresAt, cookie: { name: config.csrf_cookie_name, maxAge: config.csrf_token_expiry, secure: cfg.secureCookies } };
}

/** What the refresh request presented: its headers (the tenant names which one) and its path. */
export interface PresentedRequest {
  header(name: string): string | undefined;
  path: string;
}

/** For a refresh taken from the cookie: the session's tenant decides whether a CSRF token is due. */
export async function assertCsrfForRefreshCookie(ctx: ServiceContext, refreshToken: string, req: PresentedRequest): Promise<void> {
  const row = await q.sessionOfRefreshToken(ctx, await sha256Hex(refreshToken));
  if (!row) return; // the rotation answers 401 for an unknown token
  const { config } = await readTenantConfig(ctx, row.tenantId);
  if (!config.csrf_enabled) return;
  const header = req.header(config.csrf_header_name);
  const verdict = header ? await verifyCsrfToken(authConfig(ctx.env).jwtSecret, header, row.tenantId, row.sessionId) : 'missing';
  if (verdict === 'ok') return;
  await recordSecurityEvent(await ctx.db(), {
    eventType: 'csrf_rejected',
    severity: 'medium',
    ipAddress: ctx.ip,
    userId: row.userId,
    tenantId: row.tenantId,
    details: { reason: verdict, path: req.path },
  });
  throw new ApiError('FORBIDDEN', `A valid CSRF token is required in the ${config.csrf_header_name} header (POST /api/v1/secure/security/csrf-token)`, {
    reason: verdict === 'missing' ? 'CSRF_TOKEN_MISSING' : verdict === 'expired' ? 'CSRF_TOKEN_EXPIRED' : 'CSRF_TOKEN_INVALID',
    header: config.csrf_header_name,
  });
}
