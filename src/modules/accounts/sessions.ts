// Sessions and tokens: an access JWT plus an opaque refresh token that rotates on every use.
// Presenting a refresh token that was already spent means it leaked: the whole session is revoked.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthConfig } from '../../config';
import type { Database } from '../../db/client';
import { refreshTokens, sessions } from '../../db/schema/identity';
import type { Tx } from '../../db/tx';
import { randomToken, sha256Hex } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { recordSecurityEvent } from '../../lib/security-events';
import { signAccessToken } from '../../lib/tokens';

export const REFRESH_COOKIE = 'refresh_token';
const REFRESH_COOKIE_PATH = '/api/v1/public/auth';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
  rememberMe: boolean;
}

export interface NewSession {
  userId: string;
  tenantId: string;
  rememberMe: boolean;
  mfaPending: boolean;
  /** Mandatory flow tasks are pending (see flow-gate.ts). */
  flowPending?: boolean;
  authMethod: string;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function createSession(db: Database | Tx, cfg: AuthConfig, s: NewSession): Promise<IssuedTokens> {
  const prepared = await prepareSession(cfg, s);
  await prepared.save(db);
  return prepared.tokens;
}

/**
 * A new session's tokens, made before anything is written (the ids are the Worker's), and
 * `save`, which writes the session and its refresh token with no await between them: over HTTP
 * one round trip, together with whatever the caller issues alongside (sign-in).
 */
export async function prepareSession(cfg: AuthConfig, s: NewSession): Promise<{ tokens: IssuedTokens; save(db: Database | Tx): Promise<unknown> }> {
  const days = s.rememberMe ? cfg.rememberMeTtlDays : cfg.sessionTtlDays;
  const id = crypto.randomUUID();
  const { tokens, tokenHash } = await issue(cfg, id, s.userId, s.tenantId, s.rememberMe);
  return {
    tokens,
    save: (db) =>
      Promise.all([
        db.insert(sessions).values({ ...s, id, expiresAt: new Date(Date.now() + days * 86_400_000) }),
        db.insert(refreshTokens).values({ sessionId: id, tokenHash }),
      ]),
  };
}

async function issue(cfg: AuthConfig, sessionId: string, userId: string, tenantId: string, rememberMe: boolean) {
  const refreshToken = randomToken('rt_');
  const tokenHash = await sha256Hex(refreshToken);
  const accessToken = await signAccessToken(cfg.jwtSecret, { sub: userId, sid: sessionId, tid: tenantId }, cfg.accessTtlSeconds);
  return { tokens: { accessToken, refreshToken, expiresIn: cfg.accessTtlSeconds, sessionId, rememberMe }, tokenHash };
}

/** Spends `token` and issues a new pair for the same session; reuse of a spent token revokes it. */
export async function rotateRefreshToken(db: Database, cfg: AuthConfig, token: string, ip: string | null): Promise<IssuedTokens> {
  const hash = await sha256Hex(token);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: refreshTokens.id, usedAt: refreshTokens.usedAt, session: sessions })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, hash))
      .for('update');
    if (!row) throw new ApiError('UNAUTHORIZED', 'Invalid refresh token');
    const s = row.session;
    if (row.usedAt) {
      await tx.update(sessions).set({ revokedAt: sql`now()`, revokedReason: 'refresh_token_reuse' }).where(and(eq(sessions.id, s.id), isNull(sessions.revokedAt)));
      await recordSecurityEvent(tx, { eventType: 'refresh_token_reuse', severity: 'high', ipAddress: ip, userId: s.userId, tenantId: s.tenantId, details: { sessionId: s.id } });
      return null;
    }
    if (s.revokedAt || s.expiresAt < new Date()) throw new ApiError('UNAUTHORIZED', 'Session expired or revoked');
    await tx.update(refreshTokens).set({ usedAt: sql`now()` }).where(eq(refreshTokens.id, row.id));
    await tx.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, s.id));
    const { tokens, tokenHash } = await issue(cfg, s.id, s.userId, s.tenantId, s.rememberMe);
    await tx.insert(refreshTokens).values({ sessionId: s.id, tokenHash });
    return tokens;
  }).then((issued) => {
    // Outside the transaction, so the revocation above is committed before we refuse.
    if (!issued) throw new ApiError('UNAUTHORIZED', 'Refresh token already used: the session has been revoked');
    return issued;
  });
}

export async function revokeSession(db: Database | Tx, sessionId: string, reason: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()`, revokedReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Revokes every session of a user, except `keep` (the caller's own, on password change). */
export async function revokeUserSessions(db: Database | Tx, userId: string, reason: string, keep?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined));
}

export function setRefreshCookie(c: Context, cfg: AuthConfig, token: string, rememberMe: boolean) {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: cfg.secureCookies,
    sameSite: 'Strict',
    path: REFRESH_COOKIE_PATH,
    maxAge: (rememberMe ? cfg.rememberMeTtlDays : cfg.sessionTtlDays) * 86_400,
  });
}

export const readRefreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE);
export const clearRefreshCookie = (c: Context) => deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
