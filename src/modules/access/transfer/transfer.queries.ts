// The users and groups import and export in Postgres: the caller's tenant only (tenantOf); bulk
// writes go in batches of 1000 rows (lib/transfer/batches.ts).
import { and, asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { groups } from '../../../db/schema/access';
import { memberships, users } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { GroupRow, NewGroupRow } from '../groups';
import type { NewUserRow, Role, UserRow } from '../users';
import { batches } from '../../../lib/transfer/batches';


/** Accounts of the whole platform with one of these ids or emails; `role` is null outside the caller's tenant. */
export async function accountsMatching(ctx: ServiceContext, ids: string[], emails: string[]): Promise<{ user: UserRow; role: Role | null }[]> {
  const db = await ctx.db();
  return db
    .select({ user: users, role: memberships.role })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantOf(ctx))))
    .where(or(ids.length ? inArray(users.id, ids) : undefined, inArray(users.email, emails)));
}

/** New accounts of the caller's tenant, each a `member` of it. */
export async function insertMembers(ctx: ServiceContext, rows: Omit<NewUserRow, 'tenantId' | 'defaultTenantId'>[]): Promise<void> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  for (const chunk of batches(rows)) {
    const created = await db.insert(users).values(chunk.map((u) => ({ ...u, tenantId, defaultTenantId: tenantId }))).returning({ id: users.id });
    await db.insert(memberships).values(created.map((u) => ({ userId: u.id, tenantId, role: 'member' as const })));
  }
}

export interface UserNames {
  id: string;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  display_name: string | null;
  locale: string;
}

/** Callers have matched every id to a member of the tenant: the users table itself is not tenant-owned. */
export async function updateUserNames(ctx: ServiceContext, rows: UserNames[]): Promise<void> {
  const db = await ctx.db();
  for (const chunk of batches(rows)) {
    await db.execute(sql`
      update users u set first_name = r.first_name, middle_name = r.middle_name, last_name = r.last_name,
             display_name = r.display_name, locale = r.locale, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
           as r(id uuid, first_name text, middle_name text, last_name text, display_name text, locale text)
      where u.id = r.id`);
  }
}

/** A page of the tenant's groups ordered by name then id, each with its member count, and the total. */
export async function groupsWithCounts(ctx: ServiceContext, limit: number, offset: number): Promise<{ rows: { g: GroupRow; members: number }[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(groups.tenantId, tenantOf(ctx));
  const [rows, [total]] = await Promise.all([
    db
      .select({ g: groups, members: sql<number>`(select count(*)::int from group_members gm where gm.group_id = ${groups.id})` })
      .from(groups)
      .where(where)
      .orderBy(asc(groups.name), asc(groups.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(groups).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function tenantGroups(ctx: ServiceContext): Promise<GroupRow[]> {
  const db = await ctx.db();
  return db.select().from(groups).where(ofTenant(groups.tenantId, tenantOf(ctx)));
}

export interface GroupValues {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
}

export async function updateGroups(ctx: ServiceContext, rows: GroupValues[]): Promise<void> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  for (const chunk of batches(rows)) {
    // Names move in one statement, so swapping two groups' names does not trip the unique index midway.
    await db.execute(sql`
      update groups g set name = r.name, description = r.description,
             permissions = array(select jsonb_array_elements_text(r.permissions)), updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
           as r(id uuid, name text, description text, permissions jsonb)
      where g.id = r.id and g.tenant_id = ${tenantId}`);
  }
}

export async function insertGroups(ctx: ServiceContext, rows: Omit<NewGroupRow, 'tenantId'>[]): Promise<void> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  for (const chunk of batches(rows)) await db.insert(groups).values(chunk.map((g) => ({ ...g, tenantId })));
}
