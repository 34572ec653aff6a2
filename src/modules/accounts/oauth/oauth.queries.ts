// OAuth states, login history, pending registrations and provider identities in Postgres, and
// what sign-in reads of users, tenants and memberships. Platform-wide tables (a sign-in names its
// tenant explicitly; states and registrations belong to no tenant until the flow ends).
import { and, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { userIdentities } from '../../../db/schema/accounts';
import { DEFAULT_AUTH_CONFIG, memberships, tenants, users, type Role } from '../../../db/schema/accounts';
import { mfaMethods } from '../../../db/schema/accounts';
import { oauthLoginHistory, oauthRegistrations, oauthStates } from '../../../db/schema/accounts';
import type { HistoryEntry, NewState, OAuthTenant, RegistrationRow, StateRow } from './oauth.model';

export type UserRow = typeof users.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;

// ---- states, history, registrations ---------------------------------------------------------

export async function insertState(ctx: BaseContext, s: NewState & { stateHash: string; codeVerifier: string; nonce: string; expiresAt: Date }): Promise<void> {
  const db = await ctx.db();
  await db.insert(oauthStates).values(s);
}

/** Marks an unused state used (the first call wins); undefined when it is unknown or already used. */
export async function spendState(ctx: BaseContext, stateHash: string): Promise<StateRow | undefined> {
  const db = await ctx.db();
  const [spent] = await db
    .update(oauthStates)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oauthStates.stateHash, stateHash), sql`${oauthStates.usedAt} is null`))
    .returning();
  return spent;
}

export async function stateExists(ctx: BaseContext, stateHash: string): Promise<boolean> {
  const db = await ctx.db();
  const [seen] = await db.select({ id: oauthStates.id }).from(oauthStates).where(eq(oauthStates.stateHash, stateHash));
  return Boolean(seen);
}

export async function insertHistory(ctx: BaseContext, e: HistoryEntry): Promise<string> {
  const db = await ctx.db();
  const [row] = await db.insert(oauthLoginHistory).values(e).returning({ id: oauthLoginHistory.id });
  return row!.id;
}

/** Attributes a history entry to the account a registration created. */
export async function setHistoryOwner(ctx: BaseContext, historyId: string, userId: string, tenantId: string): Promise<void> {
  const db = await ctx.db();
  await db.update(oauthLoginHistory).set({ userId, tenantId }).where(eq(oauthLoginHistory.id, historyId));
}

export async function insertRegistration(ctx: BaseContext, r: typeof oauthRegistrations.$inferInsert): Promise<string> {
  const db = await ctx.db();
  const [row] = await db.insert(oauthRegistrations).values(r).returning({ id: oauthRegistrations.id });
  return row!.id;
}

/** Spends a pending, unexpired registration whose secret hash matches; undefined otherwise. */
export async function spendRegistration(ctx: BaseContext, id: string, secretHash: string): Promise<RegistrationRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(oauthRegistrations)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oauthRegistrations.id, id), eq(oauthRegistrations.secretHash, secretHash), sql`${oauthRegistrations.usedAt} is null`, sql`${oauthRegistrations.expiresAt} > now()`))
    .returning();
  return row;
}

/** Cron: drops states and pending registrations a day after they expired (used or not). */
export async function pruneExpired(ctx: BaseContext): Promise<void> {
  const db = await ctx.db();
  await db.delete(oauthStates).where(sql`${oauthStates.expiresAt} < now() - interval '1 day'`);
  await db.delete(oauthRegistrations).where(sql`${oauthRegistrations.expiresAt} < now() - interval '1 day'`);
}

// ---- provider identities ----------------------------------------------------------------------

/** The identity of a provider account (provider + subject), whoever it belongs to. */
export async function identityBySubject(ctx: BaseContext, provider: string, subject: string): Promise<{ id: string; userId: string } | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select({ id: userIdentities.id, userId: userIdentities.userId })
    .from(userIdentities)
    .where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, subject)));
  return row;
}

/** The id of the user's identity of `provider`, if linked. */
export async function identityOf(ctx: BaseContext, userId: string, provider: string): Promise<string | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select({ id: userIdentities.id })
    .from(userIdentities)
    .where(and(eq(userIdentities.userId, userId), eq(userIdentities.provider, provider)));
  return row?.id;
}

export async function insertIdentity(ctx: BaseContext, i: typeof userIdentities.$inferInsert): Promise<void> {
  const db = await ctx.db();
  await db.insert(userIdentities).values(i);
}

/** A sign-in with the identity: its time, and what the provider now says (kept when it says nothing). */
export async function touchIdentity(ctx: BaseContext, id: string, who: { email: string | null; displayName: string | null; avatarUrl: string | null }): Promise<void> {
  const db = await ctx.db();
  await db
    .update(userIdentities)
    .set({ lastLoginAt: new Date(), email: who.email ?? undefined, displayName: who.displayName ?? undefined, avatarUrl: who.avatarUrl ?? undefined })
    .where(eq(userIdentities.id, id));
}

// ---- users, tenants, memberships --------------------------------------------------------------

/** Active, undeleted person account by id or by (lower-cased) email. */
export async function findUser(ctx: BaseContext, by: { id: string } | { email: string }): Promise<UserRow | undefined> {
  const db = await ctx.db();
  const [u] = await db
    .select()
    .from(users)
    .where(and('id' in by ? eq(users.id, by.id) : eq(users.email, by.email.toLowerCase()), sql`${users.deletedAt} is null`));
  return u;
}

/** By id, or by an expression naming it (the tenant of a verified Host: tenants/domains verifiedTenantIdOf). */
export async function loadTenant(ctx: BaseContext, id: string | SQL<string | null>): Promise<OAuthTenant | undefined> {
  const db = await ctx.db();
  const [t] = await db
    .select({ id: tenants.id, name: tenants.name, status: tenants.status, authConfig: tenants.authConfig, settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, id));
  return t && { ...t, authConfig: { ...DEFAULT_AUTH_CONFIG, ...t.authConfig } };
}

/** The user's active memberships in active tenants, oldest first. */
export async function activeMemberships(ctx: BaseContext, userId: string) {
  const db = await ctx.db();
  return db
    .select({ tenantId: memberships.tenantId, name: tenants.name, authConfig: tenants.authConfig })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
    .orderBy(memberships.joinedAt);
}

export async function hasEnabledMfa(ctx: BaseContext, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const [mfa] = await db.select({ id: mfaMethods.id }).from(mfaMethods).where(and(eq(mfaMethods.userId, userId), isNotNull(mfaMethods.enabledAt))).limit(1);
  return Boolean(mfa);
}

// ---- registration -----------------------------------------------------------------------------

/** Whether any account (deleted ones included) holds the email. */
export async function emailTaken(ctx: BaseContext, email: string): Promise<boolean> {
  const db = await ctx.db();
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return Boolean(taken);
}

export async function tenantById(ctx: BaseContext, id: string): Promise<TenantRow | undefined> {
  const db = await ctx.db();
  const [t] = await db.select().from(tenants).where(eq(tenants.id, id));
  return t;
}

/** The platform tenant (slug `system`), created on first use. */
export async function ensureSystemTenant(ctx: BaseContext): Promise<TenantRow | undefined> {
  const db = await ctx.db();
  await db.insert(tenants).values({ name: 'System', slug: 'system', domain: 'system', type: 'system' }).onConflictDoNothing();
  const [t] = await db.select().from(tenants).where(eq(tenants.slug, 'system'));
  return t;
}

/** Whether a tenant uses `domain` as its slug or domain. */
export async function domainTaken(ctx: BaseContext, domain: string): Promise<boolean> {
  const db = await ctx.db();
  const [clash] = await db.select({ id: tenants.id }).from(tenants).where(or(eq(tenants.slug, domain), eq(tenants.domain, domain)));
  return Boolean(clash);
}

export async function insertTenant(ctx: BaseContext, t: { name: string; domain: string; defaultLanguage: string }): Promise<TenantRow> {
  const db = await ctx.db();
  const [row] = await db.insert(tenants).values({ name: t.name, slug: t.domain, domain: t.domain, defaultLanguage: t.defaultLanguage }).returning();
  return row!;
}

export async function insertUser(ctx: BaseContext, u: typeof users.$inferInsert): Promise<UserRow> {
  const db = await ctx.db();
  const [row] = await db.insert(users).values(u).returning();
  return row!;
}

export async function insertMembership(ctx: BaseContext, userId: string, tenantId: string, role: Role): Promise<void> {
  const db = await ctx.db();
  await db.insert(memberships).values({ userId, tenantId, role });
}
