// Resources in Postgres. Every function filters by the caller's tenant (tenantOf); row-level
// security holds the same line underneath. Lists and the nearby search are one statement each
// (page + total with count(*) over ()); distances come from directory/shared/geo.queries.ts.
import { asc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { resources } from '../../../db/schema/resources';
import { spaces } from '../../../db/schema/spaces';
import { typeDefinitions } from '../../../db/schema/type-definitions';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { likePattern } from '../../access/shared/like';
import { inCategorySql } from '../../catalog/categories';
import { hasTag } from '../../catalog/tags';
import { geoOf } from '../shared/geo.queries';
import { countedTotalSql, isCountable, isNarrow } from '../shared/counts.queries';
import { listOrder, writesAllSql } from '../shared/ordering.queries';
import type { Caller, ListFilter, Point, ResourceRead, ResourceRow } from './resources.model';
import { resourceManagerSql, spaceManagerSql } from '../shared/membership.queries';

// Qualified by hand: drizzle leaves column names unqualified in single-table statements, where a
// subquery's own table would capture them.
const RES_ID = sql.raw('"resources"."id"');
const RES_SPACE = sql.raw('"resources"."space_id"');
const RES_TENANT = sql.raw('"resources"."tenant_id"');

export const geo = geoOf(resources.currentLat, resources.currentLng);
const ORDER = { id: resources.id, name: resources.name, customOrder: resources.customOrder, promotionType: resources.promotionType, promotionRank: resources.promotionRank, promotionStartDate: resources.promotionStartDate, promotionEndDate: resources.promotionEndDate };

/** True exactly when the caller's PATCH would pass: resources:write, resource admin/manager, manager of its space. */
export function manageableSql(c: Caller): SQL<boolean> {
  if (c.writesAll) return sql<boolean>`true`;
  if (!c.userId) return sql<boolean>`false`;
  const member = sql<boolean>`(${resourceManagerSql(RES_ID, c.userId)} or ${spaceManagerSql(RES_SPACE, c.userId)})`;
  return c.writesAll === undefined ? sql<boolean>`(${writesAllSql('resources:write', c.userId, RES_TENANT)} or ${member})` : member;
}

/** A pending resource is seen by its creator and those who may manage it only. */
const visibleSql = (c: Caller) => (c.writesAll === true ? undefined : or(ne(resources.status, 'pending'), manageableSql(c), c.userId ? eq(resources.createdBy, c.userId) : undefined));

const readColumns = (c: Caller, near?: Point) => ({
  row: resources,
  typeName: typeDefinitions.name,
  spaceName: spaces.name,
  manageable: manageableSql(c),
  distanceMeters: geo.distance(near),
});

/** The list and nearby filters (the caller's visible resources of the tenant). */
function filterSql(ctx: ServiceContext, c: Caller, f: ListFilter): SQL | undefined {
  const t = tenantOf(ctx);
  return ofTenant(
    resources.tenantId,
    t,
    visibleSql(c),
    f.type ? eq(resources.type, f.type) : undefined,
    f.status ? eq(resources.status, f.status) : undefined,
    f.space_id ? eq(resources.spaceId, f.space_id) : undefined,
    f.category_id ? inCategorySql(t, 'resource', RES_ID, f.category_id) : undefined,
    f.tag?.length ? hasTag(t, 'resource', RES_ID, f.tag) : undefined,
    f.manageable === undefined ? undefined : f.manageable ? manageableSql(c) : sql`not ${manageableSql(c)}`,
    f.search ? ilike(resources.name, likePattern(f.search)) : undefined,
    f.near && f.radiusMeters !== undefined ? geo.within(f.near, f.radiusMeters) : undefined,
  );
}

async function totalOf(ctx: ServiceContext, where: SQL | undefined): Promise<number> {
  const db = await ctx.db();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(resources).where(where);
  return r?.n ?? 0;
}

/** A page of the caller's visible resources in list order (promotions placed), with the total. */
export async function listResources(ctx: ServiceContext, c: Caller, f: ListFilter): Promise<{ rows: ResourceRead[]; total: number }> {
  const where = filterSql(ctx, c, f);
  const db = await ctx.db();
  const ordered = listOrder(db, resources, ORDER, where, f, { total: isCountable(f) ? countedTotalSql(resources, resources, 'resource', tenantOf(ctx), f, visibleSql(c)) : undefined, narrow: isNarrow(f) });
  const rows = await db
    .select({ ...readColumns(c, f.near), total: ordered.total })
    .from(ordered.sub)
    .innerJoin(resources, sql`${resources.id} = ${ordered.id}`)
    .leftJoin(typeDefinitions, eq(typeDefinitions.id, resources.typeDefinitionId))
    .leftJoin(spaces, eq(spaces.id, resources.spaceId))
    .orderBy(ordered.pos);
  // A page past the end has no row to carry the total: count separately then (rare).
  const total = rows[0]?.total ?? (f.offset > 0 ? await totalOf(ctx, where) : 0);
  return { rows, total };
}

/** The page's links in the same statement (the nearby item carries them): JSON arrays per row. */
const linksSql = (t: string) => ({
  categories: sql<{ id: string; key: string; name: string }[]>`coalesce((select json_agg(json_build_object('id', c.id, 'key', c.key, 'name', c.name) order by c.level, c.key)
    from category_links cl join categories c on c.id = cl.category_id and c.tenant_id = cl.tenant_id
    where cl.tenant_id = ${t} and cl.entity_type = 'resource' and cl.entity_id = ${RES_ID}), '[]'::json)`,
  tags: sql<{ id: string; name: string }[]>`coalesce((select json_agg(json_build_object('id', tg.id, 'name', tg.name) order by tg.name)
    from tag_links tl join tags tg on tg.id = tl.tag_id
    where tl.tenant_id = ${t} and tl.entity_type = 'resource' and tl.entity_id = ${RES_ID}), '[]'::json)`,
});

export type NearbyRead = ResourceRead & { categories: { id: string; key: string; name: string }[]; tags: { id: string; name: string }[] };

/** Resources with a location within the radius, nearest first (then customOrder, name, id), with their links: one statement. */
export async function nearbyResources(ctx: ServiceContext, c: Caller, f: ListFilter & { near: Point; radiusMeters: number }): Promise<{ rows: NearbyRead[]; total: number }> {
  const where = filterSql(ctx, c, f);
  const db = await ctx.db();
  const rows = await db
    .select({ ...readColumns(c, f.near), ...linksSql(tenantOf(ctx)), total: sql<number>`(count(*) over ())::int` })
    .from(resources)
    .leftJoin(typeDefinitions, eq(typeDefinitions.id, resources.typeDefinitionId))
    .leftJoin(spaces, eq(spaces.id, resources.spaceId))
    .where(where)
    .orderBy(geo.exact(f.near), sql`${resources.customOrder} desc`, asc(resources.name), asc(resources.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = rows[0]?.total ?? (f.offset > 0 ? await totalOf(ctx, where) : 0);
  return { rows, total };
}

/** The resource `id` if the caller may see it. */
export async function findResource(ctx: ServiceContext, c: Caller, id: string): Promise<ResourceRead | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select(readColumns(c))
    .from(resources)
    .leftJoin(typeDefinitions, eq(typeDefinitions.id, resources.typeDefinitionId))
    .leftJoin(spaces, eq(spaces.id, resources.spaceId))
    .where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.id, id), visibleSql(c)));
  return row;
}

/** Locks the resource for a change (FOR UPDATE), visible to the caller. */
export async function lockResource(ctx: ServiceContext, c: Caller, id: string): Promise<{ row: ResourceRow; manageable: boolean } | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select({ row: resources, manageable: manageableSql(c) })
    .from(resources)
    .where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.id, id), visibleSql(c)))
    .for('update', { of: resources });
  return row;
}

export type NewResource = Omit<typeof resources.$inferInsert, 'tenantId'>;

export async function insertResources(ctx: ServiceContext, values: readonly NewResource[]): Promise<ResourceRow[]> {
  if (!values.length) return [];
  const db = await ctx.db();
  const t = tenantOf(ctx);
  return db.insert(resources).values(values.map((v) => ({ ...v, tenantId: t }))).returning();
}

export async function updateResource(ctx: ServiceContext, id: string, set: Partial<typeof resources.$inferInsert>): Promise<ResourceRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(resources)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.id, id)))
    .returning();
  return row!;
}

export async function deleteResource(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(resources).where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.id, id)));
}

/** Is `spaceId` a space of the tenant? (FOR KEY SHARE: a concurrent space delete waits, never a FK 500.) */
export async function lockSpaceOfTenant(ctx: ServiceContext, spaceId: string): Promise<boolean> {
  const db = await ctx.db();
  const [r] = await db.select({ id: spaces.id }).from(spaces).where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.id, spaceId))).for('key share');
  return Boolean(r);
}
