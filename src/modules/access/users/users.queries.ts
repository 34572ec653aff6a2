// Users as members of a tenant in Postgres: the only way this area reads a user. Every read joins
// the caller's tenant's memberships (tenantOf), so a user of another tenant is never seen.
import { and, asc, count, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { memberships, oneTimeTokens, users } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { likePattern } from '../shared/like';
import type { Activity, Member, MemberFilter, NewUserRow, Role, UserRow } from './users.model';

const memberColumns = { user: users, role: memberships.role, membershipStatus: memberships.status };

/** A page of the tenant's members (not deleted), ordered by email then id, with the total of all matches. */
export async function listMembers(ctx: ServiceContext, f: MemberFilter): Promise<{ rows: Member[]; total: number }> {
  const db = await ctx.db();
  const pattern = f.search ? likePattern(f.search) : undefined;
  const where = ofTenant(
    memberships.tenantId,
    tenantOf(ctx),
    isNull(users.deletedAt),
    f.status ? eq(users.status, f.status) : undefined,
    pattern
      ? or(ilike(users.email, pattern), ilike(users.firstName, pattern), ilike(users.middleName, pattern), ilike(users.lastName, pattern), ilike(users.displayName, pattern))
      : undefined,
  );
  // One statement: the page and the total (`count(*) over ()`).
  const rows = await db
    .select({ ...memberColumns, total: sql<number>`(count(*) over ())::int` })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(where)
    .orderBy(asc(users.email), asc(users.id))
    .limit(f.limit)
    .offset(f.offset);
  // A page past the end has no row to carry the total: count separately then (rare).
  const total =
    rows[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: count() }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(where))[0]?.n ?? 0) : 0);
  return { rows, total };
}

/** The user with a membership in the caller's tenant (deleted ones included). */
export async function findMember(ctx: ServiceContext, userId: string): Promise<Member | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select(memberColumns)
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(ofTenant(memberships.tenantId, tenantOf(ctx), eq(users.id, userId)));
  return row;
}

/** The account with this email on the whole platform, and whether it is a member of the caller's tenant. */
export async function accountByEmail(ctx: ServiceContext, email: string): Promise<{ id: string; member: boolean } | undefined> {
  const db = await ctx.db();
  const [existing] = await db
    .select({ id: users.id, member: sql<boolean>`exists(select 1 from memberships m where m.user_id = ${users.id} and m.tenant_id = ${tenantOf(ctx)})` })
    .from(users)
    .where(eq(users.email, email));
  return existing;
}

/** A new account of the caller's tenant (its default tenant too); undefined when the email is taken. */
export async function insertUser(ctx: ServiceContext, values: Omit<NewUserRow, 'tenantId' | 'defaultTenantId'>): Promise<UserRow | undefined> {
  const db = await ctx.db();
  const [user] = await db
    .insert(users)
    .values({ ...values, tenantId: tenantOf(ctx), defaultTenantId: tenantOf(ctx) })
    .onConflictDoNothing()
    .returning();
  return user;
}

export async function insertMembership(ctx: ServiceContext, userId: string, role: Role): Promise<void> {
  const db = await ctx.db();
  await db.insert(memberships).values({ userId, tenantId: tenantOf(ctx), role });
}

/** Callers have checked membership: the users table itself is not tenant-owned. */
export async function updateUser(ctx: ServiceContext, id: string, set: Partial<NewUserRow>): Promise<UserRow> {
  const db = await ctx.db();
  const [updated] = await db.update(users).set({ ...set, updatedAt: sql`now()` }).where(eq(users.id, id)).returning();
  return updated!;
}

export async function setPassword(ctx: ServiceContext, id: string, passwordHash: string): Promise<void> {
  const db = await ctx.db();
  await db.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, id));
}

/** Marks the user's pending password-reset links used. */
export async function spendPasswordResets(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db
    .update(oneTimeTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oneTimeTokens.userId, id), eq(oneTimeTokens.purpose, 'password_reset'), isNull(oneTimeTokens.usedAt)));
}

/** The user's last 5 sign-ins and security events (other than successful sign-ins) in the caller's tenant, newest first. */
export async function recentActivity(ctx: ServiceContext, id: string): Promise<Activity[]> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const result = await db.execute<Activity>(sql`
    select * from (
      select 'sign_in' as type, s.id as entity_id, 'session' as entity_type, s.created_at as at
        from sessions s where s.user_id = ${id} and s.tenant_id = ${tenantId} and s.mfa_pending = false
      union all
      select e.event_type, e.id, 'security_event', e.created_at
        from security_events e where e.user_id = ${id} and e.tenant_id = ${tenantId} and e.event_type <> 'login_succeeded'
    ) a order by at desc, entity_id limit 5`);
  return result.rows;
}
