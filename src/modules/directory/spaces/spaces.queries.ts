// Spaces in Postgres. Every function filters by the caller's tenant (tenantOf); row-level security
// holds the same line underneath. Distances are earthdistance's (meters on a spherical earth):
// a latitude/longitude box prefilter on a B-tree (shared/geo.queries.ts), then the exact earth_distance.
import { eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { spaces } from '../../../db/schema/spaces';
import { typeDefinitions } from '../../../db/schema/type-definitions';
import { tenants } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { geoOf } from '../shared/geo.queries';
import { countedTotalSql, isCountable, isNarrow } from '../shared/counts.queries';
import { listOrder, writesAllSql } from '../shared/ordering.queries';
import { likePattern } from '../../access/shared/like';
import { inCategorySql } from '../../catalog/categories';
import { hasTag } from '../../catalog/tags';
import type { Caller, ListFilter, Point, SpaceRead, SpaceRow } from './spaces.model';
import { spaceManagerSql } from '../shared/membership.queries';

// Qualified by hand: drizzle leaves column names unqualified in single-table statements, where a
// subquery's own table would capture them.
const SPACE_ID = sql.raw('"spaces"."id"');
const SPACE_TENANT = sql.raw('"spaces"."tenant_id"');

const geo = geoOf(spaces.homeLat, spaces.homeLng);
const ORDER = { id: spaces.id, name: spaces.name, customOrder: spaces.customOrder, promotionType: spaces.promotionType, promotionRank: spaces.promotionRank, promotionStartDate: spaces.promotionStartDate, promotionEndDate: spaces.promotionEndDate };

/** True exactly when the caller's PATCH would pass: tenant-wide write, or a manager of the space. */
export function manageableSql(c: Caller): SQL<boolean> {
  if (c.writesAll) return sql<boolean>`true`;
  if (!c.userId) return sql<boolean>`false`;
  const manager = spaceManagerSql(SPACE_ID, c.userId);
  return c.writesAll === undefined ? sql<boolean>`(${writesAllSql('spaces:write', c.userId, SPACE_TENANT)} or ${manager})` : manager;
}

/** A pending space is seen by its creator and its managers only. */
const visibleSql = (c: Caller) => (c.writesAll === true ? undefined : or(ne(spaces.status, 'pending'), manageableSql(c), c.userId ? eq(spaces.createdBy, c.userId) : undefined));

const readColumns = (c: Caller, near?: Point) => ({
  row: spaces,
  typeName: typeDefinitions.name,
  manageable: manageableSql(c),
  distanceMeters: geo.distance(near),
});

/** A page of the caller's visible spaces in list order, with the total of all matches (one statement). */
export async function listSpaces(ctx: ServiceContext, c: Caller, f: ListFilter): Promise<{ rows: SpaceRead[]; total: number }> {
  const t = tenantOf(ctx);
  const where = ofTenant(
    spaces.tenantId,
    t,
    visibleSql(c),
    f.type ? eq(spaces.type, f.type) : undefined,
    f.status ? eq(spaces.status, f.status) : undefined,
    f.category_id ? inCategorySql(t, 'space', SPACE_ID, f.category_id) : undefined,
    f.tag?.length ? hasTag(t, 'space', SPACE_ID, f.tag) : undefined,
    f.manageable === undefined ? undefined : f.manageable ? manageableSql(c) : sql`not ${manageableSql(c)}`,
    f.search ? ilike(spaces.name, likePattern(f.search)) : undefined,
    f.near && f.radiusMeters !== undefined ? geo.within(f.near, f.radiusMeters) : undefined,
  );
  const db = await ctx.db();
  const ordered = listOrder(db, spaces, ORDER, where, f, { total: isCountable(f) ? countedTotalSql(spaces, spaces, 'space', t, f, visibleSql(c)) : undefined, narrow: isNarrow(f) });
  const rows = await db
    .select({ ...readColumns(c, f.near), total: ordered.total })
    .from(ordered.sub)
    .innerJoin(spaces, sql`${spaces.id} = ${ordered.id}`)
    .leftJoin(typeDefinitions, eq(typeDefinitions.id, spaces.typeDefinitionId))
    .orderBy(ordered.pos);
  // A page past the end has no row to carry the total: count separately then (rare).
  const total = rows[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: sql<number>`count(*)::int` }).from(spaces).where(where))[0]?.n ?? 0) : 0);
  return { rows, total };
}

/** The space `id` if the caller may see it. */
export async function findSpace(ctx: ServiceContext, c: Caller, id: string, near?: Point): Promise<SpaceRead | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select(readColumns(c, near))
    .from(spaces)
    .leftJoin(typeDefinitions, eq(typeDefinitions.id, spaces.typeDefinitionId))
    .where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.id, id), visibleSql(c)));
  return row;
}

/** Locks the space for a change (FOR UPDATE), visible to the caller. */
export async function lockSpace(ctx: ServiceContext, c: Caller, id: string): Promise<{ row: SpaceRow; manageable: boolean } | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .select({ row: spaces, manageable: manageableSql(c) })
    .from(spaces)
    .where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.id, id), visibleSql(c)))
    .for('update', { of: spaces });
  return row;
}

export type NewSpace = Omit<typeof spaces.$inferInsert, 'tenantId' | 'language'> & { language?: string };

export async function insertSpace(ctx: ServiceContext, v: NewSpace): Promise<SpaceRow> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const language = v.language ?? sql`(select ${tenants.defaultLanguage} from ${tenants} where ${tenants.id} = ${t})`;
  const [row] = await db.insert(spaces).values({ ...v, tenantId: t, language }).returning();
  return row!;
}

export async function updateSpace(ctx: ServiceContext, id: string, set: Partial<typeof spaces.$inferInsert>): Promise<SpaceRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(spaces)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.id, id)))
    .returning();
  return row!;
}

export async function deleteSpace(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(spaces).where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.id, id)));
}

/** The tenant's base language (what a space without `language` is written in). */
export async function tenantLanguage(ctx: ServiceContext): Promise<string> {
  const db = await ctx.db();
  const [t] = await db.select({ d: tenants.defaultLanguage }).from(tenants).where(eq(tenants.id, tenantOf(ctx)));
  return t?.d ?? 'en';
}
