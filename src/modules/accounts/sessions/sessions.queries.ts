// Sessions and refresh tokens in Postgres. These take a database handle, not a context: sign-in
// paths of other areas (invitation accept, OAuth registration) issue and revoke sessions inside
// transactions of their own.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { refreshTokens, sessions } from '../../../db/schema/accounts';
import type { Tx } from '../../../db/tx';
import type { NewSession } from './sessions.model';

type Db = Database | Tx;

/** A new session with the id the Worker chose (so its tokens can be made before anything is written). */
export async function insertSession(db: Db, id: string, s: NewSession, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ ...s, id, expiresAt });
}

export async function insertRefreshToken(db: Db, sessionId: string, tokenHash: string): Promise<void> {
  await db.insert(refreshTokens).values({ sessionId, tokenHash });
}

/** The refresh token with this hash and its session, locked (FOR UPDATE) for rotation. */
export async function lockRefreshToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ id: refreshTokens.id, usedAt: refreshTokens.usedAt, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .for('update');
  return row;
}

/** Spends a refresh token and notes the session's use. */
export async function spendRefreshToken(db: Db, tokenId: string, sessionId: string): Promise<void> {
  await db.update(refreshTokens).set({ usedAt: sql`now()` }).where(eq(refreshTokens.id, tokenId));
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()`, revokedReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Revokes every session of a user, except `keep` (the caller's own, on password change). */
export async function revokeUserSessions(db: Db, userId: string, reason: string, keep?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined));
}
