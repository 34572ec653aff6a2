// The session a refresh token belongs to (the CSRF check needs its tenant). Refresh tokens are
// looked up by hash before any tenant is known: the session names it.
import { eq } from 'drizzle-orm';
import type { BaseContext } from '../../../../context';
import { refreshTokens, sessions } from '../../../../db/schema/accounts';

export async function sessionOfRefreshToken(ctx: BaseContext, tokenHash: string): Promise<{ sessionId: string; tenantId: string; userId: string } | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select({ sessionId: sessions.id, tenantId: sessions.tenantId, userId: sessions.userId })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}
