// Space members in Postgres, always of the caller's tenant (tenantOf).
import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { memberships } from '../../../db/schema/accounts';
import { spaceMembers } from '../../../db/schema/spaces';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { MemberRow, SpaceMemberRole } from './space-members.model';

export async function listMembers(ctx: ServiceContext, spaceId: string): Promise<MemberRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(spaceMembers)
    .where(ofTenant(spaceMembers.tenantId, tenantOf(ctx), eq(spaceMembers.spaceId, spaceId)))
    .orderBy(asc(spaceMembers.createdAt), asc(spaceMembers.id));
}

/** Is the user a member of the caller's tenant? */
export async function isTenantMember(ctx: ServiceContext, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const [r] = await db.select({ u: memberships.userId }).from(memberships).where(ofTenant(memberships.tenantId, tenantOf(ctx), eq(memberships.userId, userId)));
  return Boolean(r);
}

/** The new membership; undefined when the user is a member of the space already. */
export async function insertMember(ctx: ServiceContext, spaceId: string, userId: string, role: SpaceMemberRole): Promise<MemberRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.insert(spaceMembers).values({ tenantId: tenantOf(ctx), spaceId, userId, role }).onConflictDoNothing().returning();
  return row;
}

export async function deleteMember(ctx: ServiceContext, spaceId: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const gone = await db
    .delete(spaceMembers)
    .where(ofTenant(spaceMembers.tenantId, tenantOf(ctx), eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)))
    .returning({ id: spaceMembers.id });
  return gone.length > 0;
}
