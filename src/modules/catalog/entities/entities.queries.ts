// Name lookups of the built-in linkable types, each one query filtered by the caller's tenant.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { groups } from '../../../db/schema/access';
import { memberships, tenants, users } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { EntityRef } from './entities.registry';

const byId = (rows: EntityRef[]) => new Map(rows.map((r) => [r.id, r]));

/** The caller's own tenant, when it is among `ids` (a tenant links only to itself). */
export async function findTenants(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, EntityRef>> {
  const own = tenantOf(ctx);
  if (!ids.includes(own)) return new Map();
  const db = await ctx.db();
  return byId(await db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(and(eq(tenants.id, own), isNull(tenants.deletedAt))));
}

export async function findGroups(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, EntityRef>> {
  const db = await ctx.db();
  return byId(await db.select({ id: groups.id, name: groups.name }).from(groups).where(ofTenant(groups.tenantId, tenantOf(ctx), inArray(groups.id, [...ids]))));
}

/** Members of the caller's tenant (a user may belong to several tenants; membership decides). */
export async function findUsers(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, EntityRef>> {
  const db = await ctx.db();
  const rows = await db
    .select({ id: users.id, name: sql<string>`coalesce(${users.displayName}, nullif(trim(concat_ws(' ', ${users.firstName}, ${users.lastName})), ''), ${users.email})` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(ofTenant(memberships.tenantId, tenantOf(ctx), inArray(memberships.userId, [...ids]), isNull(users.deletedAt)));
  return byId(rows);
}
