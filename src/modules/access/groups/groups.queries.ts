// Groups and their members in Postgres, filtered by the caller's tenant (tenantOf).
import { asc, count, eq, ilike, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { groupMembers, groups } from '../../../db/schema/access';
import { users } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { likePattern } from '../shared/like';
import type { GroupFilter, GroupMember, GroupRow, NewGroupRow } from './groups.model';

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};

/** A page of the tenant's groups ordered by name then id, with the total of all matches. */
export async function listGroups(ctx: ServiceContext, f: GroupFilter): Promise<{ rows: GroupRow[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(
    groups.tenantId,
    tenantOf(ctx),
    f.search ? ilike(groups.name, likePattern(f.search)) : undefined,
    f.userId ? sql`exists(select 1 from group_members gm where gm.group_id = ${groups.id} and gm.user_id = ${f.userId})` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(groups).where(where).orderBy(asc(groups.name), asc(groups.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(groups).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findGroup(ctx: ServiceContext, id: string): Promise<GroupRow | undefined> {
  const db = await ctx.db();
  const [g] = await db.select().from(groups).where(ofTenant(groups.tenantId, tenantOf(ctx), eq(groups.id, id)));
  return g;
}

/** A new group of the caller's tenant; undefined when the name is taken there. */
export async function insertGroup(ctx: ServiceContext, values: Omit<NewGroupRow, 'tenantId'>): Promise<GroupRow | undefined> {
  const db = await ctx.db();
  const [g] = await db
    .insert(groups)
    .values({ ...values, tenantId: tenantOf(ctx) })
    .onConflictDoNothing()
    .returning();
  return g;
}

/** `'name-taken'` when another group of the tenant has the new name (the unique index refuses it). */
export async function updateGroup(ctx: ServiceContext, id: string, set: Partial<NewGroupRow>): Promise<GroupRow | 'name-taken'> {
  const db = await ctx.db();
  try {
    const [g] = await db.update(groups).set({ ...set, updatedAt: sql`now()` }).where(ofTenant(groups.tenantId, tenantOf(ctx), eq(groups.id, id))).returning();
    return g!;
  } catch (e) {
    if (isUniqueViolation(e)) return 'name-taken';
    throw e;
  }
}

/** Deletes a group (its memberships cascade); false when the tenant has no such group. */
export async function deleteGroup(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db.delete(groups).where(ofTenant(groups.tenantId, tenantOf(ctx), eq(groups.id, id))).returning({ id: groups.id });
  return gone.length > 0;
}

/** Members of a group ordered by email then id. */
export async function listGroupMembers(ctx: ServiceContext, id: string, limit: number, offset: number): Promise<GroupMember[]> {
  const db = await ctx.db();
  return db
    .select({ user_id: users.id, email: users.email, display_name: users.displayName, created_at: groupMembers.createdAt })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(ofTenant(groupMembers.tenantId, tenantOf(ctx), eq(groupMembers.groupId, id)))
    .orderBy(asc(users.email), asc(users.id))
    .limit(limit)
    .offset(offset);
}

/** Adding an existing member is a no-op. */
export async function insertGroupMember(ctx: ServiceContext, groupId: string, userId: string): Promise<void> {
  const db = await ctx.db();
  await db.insert(groupMembers).values({ groupId, userId, tenantId: tenantOf(ctx) }).onConflictDoNothing();
}

/** False when the user is not a member of the group. */
export async function deleteGroupMember(ctx: ServiceContext, groupId: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db
    .delete(groupMembers)
    .where(ofTenant(groupMembers.tenantId, tenantOf(ctx), eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .returning({ userId: groupMembers.userId });
  return gone.length > 0;
}
