// Sessions and tokens: an access JWT plus an opaque refresh token that rotates on every use.
// Presenting a refresh token that was already spent means it leaked: the whole session is revoked.
import { authConfig, type AuthConfig } from '../../../config';
import type { ServiceContext } from '../../../context';
import type { Database } from '../../../db/client';
import { inTransaction, type Tx } from '../../../db/tx';
import { randomToken, sha256Hex } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { signAccessToken } from '../../../lib/tokens';
import type { IssuedTokens, NewSession } from './sessions.model';
import * as q from './sessions.queries';

/** Takes a database handle: callers in other areas issue sessions inside their own transaction. */
export async function createSession(db: Database | Tx, cfg: AuthConfig, s: NewSession): Promise<IssuedTokens> {
  const prepared = await prepareSession(cfg, s);
  await prepared.save(db);
  return prepared.tokens;
}

/**
 * A new session's tokens, made before anything is written (the ids are the Worker's), and `save`,
 * which writes the session and its refresh token with no await between them: over HTTP one round
 * trip, together with whatever the caller issues alongside (sign-in).
 */
export async function prepareSession(cfg: AuthConfig, s: NewSession): Promise<{ tokens: IssuedTokens; save(db: Database | Tx): Promise<unknown> }> {
  const days = s.rememberMe ? cfg.rememberMeTtlDays : cfg.sessionTtlDays;
  const id = crypto.randomUUID();
  const { tokens, tokenHash } = await issue(cfg, id, s.userId, s.tenantId, s.rememberMe);
  return {
    tokens,
    save: (db) => Promise.all([q.insertSession(db, id, s, new Date(Date.now() + days * 86_400_000)), q.insertRefreshToken(db, id, tokenHash)]),
  };
}

async function issue(cfg: AuthConfig, sessionId: string, userId: string, tenantId: string, rememberMe: boolean) {
  const refreshToken = randomToken('rt_');
  const tokenHash = await sha256Hex(refreshToken);
  const accessToken = await signAccessToken(cfg.jwtSecret, { sub: userId, sid: sessionId, tid: tenantId }, cfg.accessTtlSeconds);
  const tokens: IssuedTokens = { accessToken, refreshToken, expiresIn: cfg.accessTtlSeconds, sessionId, rememberMe, userId, tenantId };
  return { tokens, tokenHash };
}

/** Spends `token` and issues a new pair for the same session; reuse of a spent token revokes it. */
export async function rotateRefreshToken(ctx: ServiceContext, token: string): Promise<IssuedTokens> {
  const cfg = authConfig(ctx.env);
  const hash = await sha256Hex(token);
  return inTransaction(ctx, async (tx) => {
    const db = await tx.db();
    const row = await q.lockRefreshToken(db, hash);
    if (!row) throw new ApiError('UNAUTHORIZED', 'Invalid refresh token');
    const s = row.session;
    if (row.usedAt) {
      await q.revokeSession(db, s.id, 'refresh_token_reuse');
      await recordSecurityEvent(db, { eventType: 'refresh_token_reuse', severity: 'high', ipAddress: ctx.ip, userId: s.userId, tenantId: s.tenantId, details: { sessionId: s.id } });
      return null;
    }
    if (s.revokedAt || s.expiresAt < new Date()) throw new ApiError('UNAUTHORIZED', 'Session expired or revoked');
    await q.spendRefreshToken(db, row.id, s.id);
    const { tokens, tokenHash } = await issue(cfg, s.id, s.userId, s.tenantId, s.rememberMe);
    await q.insertRefreshToken(db, s.id, tokenHash);
    return tokens;
  }).then((issued) => {
    // Outside the transaction, so the revocation above is committed before we refuse.
    if (!issued) throw new ApiError('UNAUTHORIZED', 'Refresh token already used: the session has been revoked');
    return issued;
  });
}

/** Sign-out: the session's refresh tokens stop working at once, its access tokens on next use. */
export async function endSession(ctx: ServiceContext, sessionId: string): Promise<void> {
  await q.revokeSession(await ctx.db(), sessionId, 'logout');
}
