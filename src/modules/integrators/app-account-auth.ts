// Sign-in rules of application accounts (used by /public/auth/login): the account must be active and
// not expired; its permissions come from its permission object.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { appAccounts } from '../../db/schema/integrators';
import type { Tx } from '../../db/tx';
import { toPermissionCodes } from '../../lib/access-permissions';
import { ApiError } from '../../lib/errors';
import { revokeUserSessions } from '../accounts/sessions';

/** Throws 401 when the app account may not sign in; returns its permission codes and records the sign-in. */
export async function appAccountSignIn(db: Database | Tx, userId: string): Promise<{ permissions: string[] }> {
  const [a] = await db
    .select({ id: appAccounts.id, status: appAccounts.status, permissions: appAccounts.permissions, expired: sql<boolean>`(${appAccounts.expiresAt} is not null and ${appAccounts.expiresAt} <= now())` })
    .from(appAccounts)
    .where(eq(appAccounts.authUserId, userId));
  if (!a || a.status !== 'active') throw new ApiError('UNAUTHORIZED', `Application account is ${a?.status ?? 'not active'}`);
  if (a.expired) {
    await revokeUserSessions(db, userId, 'app_account_expired');
    throw new ApiError('UNAUTHORIZED', 'Application account has expired');
  }
  await db
    .update(appAccounts)
    .set({ lastSignInAt: sql`now()`, lastUsedAt: sql`now()`, signInCount: sql`${appAccounts.signInCount} + 1` })
    .where(eq(appAccounts.id, a.id));
  return { permissions: toPermissionCodes(a.permissions) };
}
