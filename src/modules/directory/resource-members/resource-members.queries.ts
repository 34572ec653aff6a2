// Resource members in Postgres, always of the caller's tenant (tenantOf).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { memberships, users } from '../../../db/schema/accounts';
import { resourceMembers, type ResourceMemberRole } from '../../../db/schema/resources';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';

export interface MemberRead {
  userId: string;
  email: string | null;
  role: ResourceMemberRole;
  createdAt: Date;
}

export async function listMembers(ctx: ServiceContext, resourceId: string): Promise<MemberRead[]> {
  const db = await ctx.db();
  return db
    .select({ userId: resourceMembers.userId, email: users.email, role: resourceMembers.role, createdAt: resourceMembers.createdAt })
    .from(resourceMembers)
    .innerJoin(users, eq(users.id, resourceMembers.userId))
    .where(ofTenant(resourceMembers.tenantId, tenantOf(ctx), eq(resourceMembers.resourceId, resourceId)))
    .orderBy(asc(resourceMembers.createdAt), asc(resourceMembers.userId));
}

/** Members of the caller's tenant among the ids and emails given (emails compared case-insensitively). */
export async function tenantUsers(ctx: ServiceContext, ids: readonly string[], emails: readonly string[]): Promise<{ id: string; email: string | null }[]> {
  if (!ids.length && !emails.length) return [];
  const db = await ctx.db();
  const byId = ids.length ? inArray(users.id, [...ids]) : sql`false`;
  const byEmail = emails.length ? sql`lower(${users.email}) in (select jsonb_array_elements_text(${JSON.stringify(emails.map((e) => e.toLowerCase()))}::jsonb))` : sql`false`;
  return db
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(ofTenant(memberships.tenantId, tenantOf(ctx)), isNull(users.deletedAt), sql`(${byId} or ${byEmail})`));
}

/** Adds the users with `role`; those already members keep their role. */
export async function insertMembers(ctx: ServiceContext, resourceId: string, userIds: readonly string[], role: ResourceMemberRole): Promise<void> {
  if (!userIds.length) return;
  const db = await ctx.db();
  const t = tenantOf(ctx);
  await db.insert(resourceMembers).values(userIds.map((userId) => ({ tenantId: t, resourceId, userId, role }))).onConflictDoNothing();
}

export async function deleteMember(ctx: ServiceContext, resourceId: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db
    .delete(resourceMembers)
    .where(ofTenant(resourceMembers.tenantId, tenantOf(ctx), eq(resourceMembers.resourceId, resourceId), eq(resourceMembers.userId, userId)))
    .returning({ id: resourceMembers.id });
  return gone.length > 0;
}
