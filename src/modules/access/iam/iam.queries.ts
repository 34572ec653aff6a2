// IAM's entity-level answers, read from the directory's own rules so that "manageable" here is
// exactly what a PATCH of that space or resource would allow (spaces/resources manageableSql), and
// "may read" exactly what their GET shows (findSpace / findResource). One statement each.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { resources } from '../../../db/schema/resources';
import { spaceMembers, spaces } from '../../../db/schema/spaces';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { Caller } from '../../directory/shared/directory.model';
import { findResource, manageableSql as resourceManageableSql } from '../../directory/resources/resources.queries';
import { findSpace, manageableSql as spaceManageableSql } from '../../directory/spaces/spaces.queries';

/** Bound of the IAM lists (they have no paging in the reference). */
export const IAM_LIST_LIMIT = 1000;

/** The spaces the user is a member of, with the role there. */
export async function memberSpaces(ctx: ServiceContext, userId: string) {
  const db = await ctx.db();
  return db
    .select({ space_id: spaces.id, space_name: spaces.name, role: spaceMembers.role })
    .from(spaceMembers)
    .innerJoin(spaces, eq(spaces.id, spaceMembers.spaceId))
    .where(ofTenant(spaceMembers.tenantId, tenantOf(ctx), eq(spaceMembers.userId, userId), eq(spaces.tenantId, tenantOf(ctx))))
    .orderBy(asc(spaces.name), asc(spaces.id))
    .limit(IAM_LIST_LIMIT);
}

/** Spaces whose PATCH the caller would pass. */
export async function manageableSpaces(ctx: ServiceContext, c: Caller) {
  const db = await ctx.db();
  return db
    .select({ id: spaces.id, name: spaces.name })
    .from(spaces)
    .where(ofTenant(spaces.tenantId, tenantOf(ctx), spaceManageableSql(c)))
    .orderBy(asc(spaces.name), asc(spaces.id))
    .limit(IAM_LIST_LIMIT);
}

/** Resources in a space whose PATCH the caller would pass. */
export async function manageableResources(ctx: ServiceContext, c: Caller) {
  const db = await ctx.db();
  const rows = await db
    .select({ id: resources.id, space_id: resources.spaceId, name: resources.name, status: resources.status })
    .from(resources)
    .where(ofTenant(resources.tenantId, tenantOf(ctx), and(isNotNull(resources.spaceId), resourceManageableSql(c))))
    .orderBy(asc(resources.name), asc(resources.id))
    .limit(IAM_LIST_LIMIT);
  return rows.map((r) => ({ ...r, space_id: r.space_id as string }));
}

/** The space or resource as its GET would show it to the caller (undefined: not there for them), with `manageable`. */
export async function entityAccess(ctx: ServiceContext, c: Caller, type: 'space' | 'resource', id: string): Promise<{ manageable: boolean } | undefined> {
  const row = type === 'space' ? await findSpace(ctx, c, id) : await findResource(ctx, c, id);
  return row && { manageable: row.manageable };
}
