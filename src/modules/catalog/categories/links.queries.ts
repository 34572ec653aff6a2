// Links between categories and entities of the entity registry: one per category and entity
// (unique index), so re-linking and relinking on delete never duplicate.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../../context';
import { categories, categoryLinks } from '../../../db/schema/categories';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { Category, CategoryLink } from './categories.model';
import { categoryColumns } from './categories.queries';

const linkColumns = {
  id: categoryLinks.id,
  tenantId: categoryLinks.tenantId,
  categoryId: categoryLinks.categoryId,
  entityType: categoryLinks.entityType,
  entityId: categoryLinks.entityId,
  createdBy: categoryLinks.createdBy,
  createdAt: categoryLinks.createdAt,
};

/** Links `categoryIds` to the entity; existing links stay as they are. Returns the links (new or existing). */
export async function insertLinks(ctx: ServiceContext, entityType: string, entityId: string, categoryIds: string[], createdBy: string | null): Promise<CategoryLink[]> {
  if (!categoryIds.length) return [];
  const db = await ctx.db();
  const t = tenantOf(ctx);
  await db
    .insert(categoryLinks)
    .values(categoryIds.map((categoryId) => ({ tenantId: t, categoryId, entityType, entityId, createdBy })))
    .onConflictDoNothing({ target: [categoryLinks.categoryId, categoryLinks.entityType, categoryLinks.entityId] });
  return db
    .select(linkColumns)
    .from(categoryLinks)
    .where(ofTenant(categoryLinks.tenantId, t, eq(categoryLinks.entityType, entityType), eq(categoryLinks.entityId, entityId), inArray(categoryLinks.categoryId, categoryIds)));
}

/**
 * Links many entities at once (an import): one statement for all `pairs` (a jsonb parameter, no
 * bind-parameter limit); existing links stay. The caller has checked entities and categories.
 */
export async function insertLinksMany(ctx: ServiceContext, entityType: string, pairs: { entityId: string; categoryId: string }[], createdBy: string | null): Promise<void> {
  if (!pairs.length) return;
  const db = await ctx.db();
  await db.execute(sql`
    insert into ${categoryLinks} (tenant_id, category_id, entity_type, entity_id, created_by)
    select ${tenantOf(ctx)}, v.category_id, ${entityType}, v.entity_id, ${createdBy}
    from jsonb_to_recordset(${JSON.stringify(pairs.map((p) => ({ entity_id: p.entityId, category_id: p.categoryId })))}::jsonb) as v(entity_id uuid, category_id uuid)
    on conflict (category_id, entity_type, entity_id) do nothing`);
}

/** Removes every category link of these entities (one statement); returns how many went. */
export async function deleteLinksOfMany(ctx: ServiceContext, entityType: string, entityIds: readonly string[]): Promise<number> {
  if (!entityIds.length) return 0;
  const db = await ctx.db();
  const gone = await db
    .delete(categoryLinks)
    .where(ofTenant(categoryLinks.tenantId, tenantOf(ctx), eq(categoryLinks.entityType, entityType), inArray(categoryLinks.entityId, [...entityIds])))
    .returning({ id: categoryLinks.id });
  return gone.length;
}

/** Removes links of the entity (to `categoryId` only, when given); returns how many went. */
export async function deleteLinks(ctx: ServiceContext, entityType: string, entityId: string, categoryId?: string): Promise<number> {
  const db = await ctx.db();
  const gone = await db
    .delete(categoryLinks)
    .where(ofTenant(categoryLinks.tenantId, tenantOf(ctx), eq(categoryLinks.entityType, entityType), eq(categoryLinks.entityId, entityId), categoryId ? eq(categoryLinks.categoryId, categoryId) : undefined))
    .returning({ id: categoryLinks.id });
  return gone.length;
}

/** Moves every link of `from` to `to` in one statement; entities `to` already has are not duplicated. Returns the links moved. */
export async function moveLinks(ctx: ServiceContext, from: string, to: string): Promise<number> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const res = await db.execute<{ n: number }>(sql`
    with moved as (
      insert into ${categoryLinks} (tenant_id, category_id, entity_type, entity_id, created_by, created_at)
      select tenant_id, ${to}, entity_type, entity_id, created_by, created_at from ${categoryLinks} where tenant_id = ${t} and category_id = ${from}
      on conflict (category_id, entity_type, entity_id) do nothing
      returning 1
    )
    select count(*)::int as n from moved`);
  return Number(res.rows[0]?.n ?? 0);
}

/** The links of a category (newest first), optionally of one entity type. */
export async function linksOf(ctx: ServiceContext, categoryId: string, entityType?: string): Promise<CategoryLink[]> {
  const db = await ctx.db();
  return db
    .select(linkColumns)
    .from(categoryLinks)
    .where(ofTenant(categoryLinks.tenantId, tenantOf(ctx), eq(categoryLinks.categoryId, categoryId), entityType ? eq(categoryLinks.entityType, entityType) : undefined))
    .orderBy(sql`${categoryLinks.createdAt} desc`, asc(categoryLinks.id));
}

/** The categories of a page of entities of one type (one statement), with the entity each belongs to. */
export async function categoriesOfEntities(ctx: ServiceContext, entityType: string, entityIds: readonly string[]): Promise<(Category & { entityId: string })[]> {
  if (!entityIds.length) return [];
  const db = await ctx.db();
  return db
    .select({ ...categoryColumns, entityId: categoryLinks.entityId })
    .from(categoryLinks)
    .innerJoin(categories, and(eq(categories.id, categoryLinks.categoryId), eq(categories.tenantId, categoryLinks.tenantId)))
    .where(ofTenant(categoryLinks.tenantId, tenantOf(ctx), eq(categoryLinks.entityType, entityType), inArray(categoryLinks.entityId, [...entityIds])))
    .orderBy(asc(categories.level), asc(categories.key));
}

/** Which of `ids` are categories of the caller's tenant. */
export async function existingIds(ctx: ServiceContext, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const db = await ctx.db();
  const rows = await db.select({ id: categories.id }).from(categories).where(ofTenant(categories.tenantId, tenantOf(ctx), inArray(categories.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

/** The category and its descendants, as a subquery of ids (for "in category, with subcategories" list filters). */
export const withDescendantsSql = (tenantId: string, id: string) => sql`(
  with recursive sub as (
    select id, 0 as d from ${categories} where tenant_id = ${tenantId} and id = ${id}
    union all
    select c.id, sub.d + 1 from ${categories} c join sub on c.parent_id = sub.id where c.tenant_id = ${tenantId} and sub.d < 64
  ) select id from sub)`;

/**
 * For other areas' list filters: `entityIdColumn` (their row's id) is linked to category `id` or one
 * of its descendants. The descendants are an array computed once per statement (an InitPlan): as a
 * subquery (`in (with recursive …)`) the planner re-scanned the recursive CTE for every candidate row
 * (page 3 of a 100,000-resource list: 198 ms, 57 ms as the array), and could not match links on the
 * (category_id, entity_type, entity_id) index.
 */
export function inCategorySql(tenantId: string, entityType: string, entityIdColumn: PgColumn | SQL, id: string): SQL {
  return sql`exists (select 1 from category_links cl where cl.tenant_id = ${tenantId} and cl.entity_type = ${entityType}
    and cl.entity_id = ${entityIdColumn} and cl.category_id = any(array${withDescendantsSql(tenantId, id)}))`;
}

export async function idsWithDescendants(ctx: ServiceContext, id: string): Promise<string[]> {
  const db = await ctx.db();
  const res = await db.execute<{ id: string }>(sql`select id from ${withDescendantsSql(tenantOf(ctx), id)} as s`);
  return res.rows.map((r) => r.id);
}
