// Application accounts and their sign-in identities (`users` of kind app_account) in Postgres.
// Request-scoped functions filter by the caller's tenant (tenantOf); the sign-in functions are
// keyed by the signing-in user (no tenant is chosen yet at /public/auth/login).
import { and, count, desc, eq, gte, max, sql } from 'drizzle-orm';
import type { BaseContext, ServiceContext } from '../../../context';
import { memberships, sessions, users } from '../../../db/schema/accounts';
import { securityEvents } from '../../../db/schema/access';
import { appAccounts } from '../../../db/schema/access';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { AppAccountRow, AppAccountValues } from './app-accounts.model';

export async function listAccounts(ctx: ServiceContext): Promise<AppAccountRow[]> {
  const db = await ctx.db();
  return db.select().from(appAccounts).where(ofTenant(appAccounts.tenantId, tenantOf(ctx))).orderBy(desc(appAccounts.createdAt), desc(appAccounts.id));
}

export async function countAccounts(ctx: ServiceContext): Promise<number> {
  const db = await ctx.db();
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(appAccounts).where(ofTenant(appAccounts.tenantId, tenantOf(ctx)));
  return n;
}

/** The sign-in identity with its guest membership; undefined when the email belongs to a user already. */
export async function insertIdentity(ctx: ServiceContext, u: { email: string; passwordHash: string; name: string }): Promise<string | undefined> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const [user] = await db
    .insert(users)
    .values({ tenantId, email: u.email, passwordHash: u.passwordHash, passwordChangedAt: new Date(), kind: 'app_account', displayName: u.name, defaultTenantId: tenantId, emailConfirmedAt: new Date() })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!user) return undefined;
  await db.insert(memberships).values({ userId: user.id, tenantId, role: 'guest' });
  return user.id;
}

export async function insertAccount(ctx: ServiceContext, values: Omit<AppAccountValues, 'tenantId'>): Promise<AppAccountRow> {
  const db = await ctx.db();
  const [a] = await db
    .insert(appAccounts)
    .values({ tenantId: tenantOf(ctx), ...values })
    .returning();
  return a!;
}

/** The account `id` of the caller's tenant; `lock` takes it FOR UPDATE. */
export async function findAccount(ctx: ServiceContext, id: string, lock = false): Promise<AppAccountRow | undefined> {
  const db = await ctx.db();
  const q = db.select().from(appAccounts).where(ofTenant(appAccounts.tenantId, tenantOf(ctx), eq(appAccounts.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Writes `set` (and `updated_at`) on an account found in the caller's tenant. */
export async function updateAccount(ctx: ServiceContext, id: string, set: Partial<AppAccountValues>): Promise<AppAccountRow> {
  const db = await ctx.db();
  const [updated] = await db.update(appAccounts).set({ ...set, updatedAt: sql`now()` }).where(eq(appAccounts.id, id)).returning();
  return updated!;
}

/** The identity's display name follows the account's name. */
export async function renameIdentity(ctx: ServiceContext, userId: string, name: string): Promise<void> {
  const db = await ctx.db();
  await db.update(users).set({ displayName: name, updatedAt: sql`now()` }).where(eq(users.id, userId));
}

/** Deletes the account and its identity; sessions, refresh tokens and the membership go with the user (ON DELETE CASCADE). */
export async function deleteAccount(ctx: ServiceContext, a: AppAccountRow): Promise<void> {
  const db = await ctx.db();
  await db.delete(appAccounts).where(eq(appAccounts.id, a.id));
  if (a.authUserId) await db.delete(users).where(and(eq(users.id, a.authUserId), eq(users.kind, 'app_account')));
}

/** Sets the identity's password hash; returns when it changed. */
export async function setPasswordHash(ctx: ServiceContext, userId: string, passwordHash: string): Promise<Date> {
  const db = await ctx.db();
  const [u] = await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning({ changedAt: users.passwordChangedAt });
  return u!.changedAt!;
}

export async function touchAccount(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.update(appAccounts).set({ updatedAt: sql`now()` }).where(eq(appAccounts.id, id));
}

/** The identity's sessions: all, active (not revoked, not expired), and when the last began. */
/**
 * The sign-in identity of the tenant's app account `id`, as a subquery: the usage figures are read
 * by account id together with the account itself (one round trip); none without an identity.
 */
const identityOf = (ctx: ServiceContext, id: string) =>
  sql`(select ${appAccounts.authUserId} from ${appAccounts} where ${appAccounts.id} = ${id} and ${appAccounts.tenantId} = ${tenantOf(ctx)})`;

export async function sessionStats(ctx: ServiceContext, accountId: string): Promise<{ total: number; active: number; last: Date | null }> {
  const db = await ctx.db();
  const [s] = await db
    .select({
      total: count(),
      active: sql<number>`count(*) filter (where ${sessions.revokedAt} is null and ${sessions.expiresAt} > now())`.mapWith(Number),
      last: max(sessions.createdAt),
    })
    .from(sessions)
    .where(eq(sessions.userId, identityOf(ctx, accountId)));
  return { total: s?.total ?? 0, active: s?.active ?? 0, last: s?.last ? new Date(s.last) : null };
}

export async function failedSignInsLast30Days(ctx: ServiceContext, accountId: string): Promise<number> {
  const db = await ctx.db();
  const [f] = await db
    .select({ n: count() })
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, identityOf(ctx, accountId)), eq(securityEvents.eventType, 'login_failed'), gte(securityEvents.createdAt, sql`now() - interval '30 days'`)));
  return f?.n ?? 0;
}

/** What sign-in needs of the account whose identity is `userId`. */
export async function signInState(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  const [a] = await db
    .select({ id: appAccounts.id, status: appAccounts.status, permissions: appAccounts.permissions, expired: sql<boolean>`(${appAccounts.expiresAt} is not null and ${appAccounts.expiresAt} <= now())` })
    .from(appAccounts)
    .where(eq(appAccounts.authUserId, userId));
  return a;
}

export async function recordSignIn(ctx: BaseContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db
    .update(appAccounts)
    .set({ lastSignInAt: sql`now()`, lastUsedAt: sql`now()`, signInCount: sql`${appAccounts.signInCount} + 1` })
    .where(eq(appAccounts.id, id));
}
