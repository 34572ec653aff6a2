// Tenant overview reads in Postgres: counts (one statement), recent activity, API usage, the owner.
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, users } from '../../../db/schema/accounts';
import { apiKeys, appAccounts, auditLogs, groups } from '../../../db/schema/access';
import { ofTenant } from '../../../db/tx';
import type { Activity, CountExpression, CountKey, Counts } from './overview.model';

const registered = new Map<CountKey, CountExpression>([
  ['users', (t) => sql<number>`(select count(*) from ${memberships} m join ${users} u on u.id = m.user_id where m.tenant_id = ${t} and u.deleted_at is null and u.kind = 'user')`],
  ['groups', (t) => sql<number>`(select count(*) from ${groups} where ${groups.tenantId} = ${t})`],
]);

export function registerCount(key: CountKey, expression: CountExpression): void {
  registered.set(key, expression);
}

/** Every registered count of the tenant, plus its users active in the last 30 days, in one statement. */
export async function counts(ctx: BaseContext, tenantId: string): Promise<{ counts: Counts; activeUsers: number }> {
  const db = await ctx.db();
  const cols = Object.fromEntries([...registered].map(([k, e]) => [k, sql<number>`(${e(tenantId)})::bigint`.mapWith(Number)]));
  const [row] = await db
    .select({
      ...cols,
      activeUsers: sql<number>`(select count(distinct s.user_id) from sessions s join ${users} u on u.id = s.user_id where s.tenant_id = ${tenantId} and u.kind = 'user' and s.last_seen_at > now() - interval '30 days')::int`,
    })
    .from(sql`(select 1) as one`);
  const { activeUsers, ...rest } = (row ?? {}) as Record<string, number>;
  return { counts: rest as Counts, activeUsers: activeUsers ?? 0 };
}

/** Requests made with the tenant's API keys and app accounts that were used in the last 30 days (their counters). */
export async function apiRequests30d(ctx: BaseContext, tenantId: string): Promise<number> {
  const db = await ctx.db();
  const since = sql`now() - interval '30 days'`;
  const [row] = await db
    .select({
      n: sql<number>`(coalesce((select sum(${apiKeys.requestCount}) from ${apiKeys} where ${apiKeys.tenantId} = ${tenantId} and ${apiKeys.lastUsedAt} > ${since}), 0)
        + coalesce((select sum(${appAccounts.requestCount}) from ${appAccounts} where ${appAccounts.tenantId} = ${tenantId} and ${appAccounts.lastUsedAt} > ${since}), 0))::bigint`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  return row?.n ?? 0;
}

/** The last audited changes of the tenant that name an entity (by uuid), with who made them. */
export async function recentActivity(ctx: BaseContext, tenantId: string, limit = 10): Promise<Activity[]> {
  const db = await ctx.db();
  return db
    .select({
      action: auditLogs.action,
      resourceType: auditLogs.resourceType,
      resourceId: sql<string>`${auditLogs.resourceId}`,
      at: auditLogs.createdAt,
      userId: users.id,
      userName: sql<string | null>`coalesce(${users.displayName}, ${users.email})`,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorId))
    .where(ofTenant(auditLogs.tenantId, tenantId, sql`${auditLogs.resourceId} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`))
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(limit);
}

/** The tenant's first owner (onboarding: "the admin"). */
export async function owner(ctx: BaseContext, tenantId: string) {
  const db = await ctx.db();
  const [row] = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, role: memberships.role, createdAt: users.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(ofTenant(memberships.tenantId, tenantId, eq(memberships.role, 'owner'), sql`${users.deletedAt} is null`))
    .orderBy(asc(memberships.joinedAt))
    .limit(1);
  return row;
}

export async function tenantGroups(ctx: BaseContext, tenantId: string) {
  const db = await ctx.db();
  return db
    .select({ id: groups.id, name: groups.name, description: groups.description, permissions: groups.permissions })
    .from(groups)
    .where(ofTenant(groups.tenantId, tenantId))
    .orderBy(asc(groups.name))
    .limit(100);
}

/** Configuration counts for developers: API keys and app accounts (enabled / all). */
export async function integrationCounts(ctx: BaseContext, tenantId: string) {
  const db = await ctx.db();
  const [row] = await db
    .select({
      apiKeys: sql<number>`(select count(*) from ${apiKeys} where ${apiKeys.tenantId} = ${tenantId})::int`,
      enabledApiKeys: sql<number>`(select count(*) from ${apiKeys} where ${apiKeys.tenantId} = ${tenantId} and ${apiKeys.enabled})::int`,
      appAccounts: sql<number>`(select count(*) from ${appAccounts} where ${appAccounts.tenantId} = ${tenantId})::int`,
      activeAppAccounts: sql<number>`(select count(*) from ${appAccounts} where ${appAccounts.tenantId} = ${tenantId} and ${appAccounts.status} = 'active')::int`,
    })
    .from(sql`(select 1) as one`);
  return row!;
}

