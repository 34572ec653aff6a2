// Set-based writes of a category import: batches of 1,000 rows per statement (jsonb_to_recordset),
// so 10,000 rows are a few dozen round trips, not 10,000. The caller holds the tree lock.
import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../../context';
import { categories, categoryTranslations } from '../../../db/schema/categories';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { categoryColumns } from './categories.queries';
import { batches } from '../../../lib/transfer/batches';


const parent = alias(categories, 'parent');

/** A page of the tenant's categories in tree order (parents first) with the parent's key. */
export async function exportPage(ctx: ServiceContext, limit: number, offset: number) {
  const db = await ctx.db();
  const rows = await db
    .select({ c: categoryColumns, parentKey: parent.key, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(categories)
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .where(ofTenant(categories.tenantId, tenantOf(ctx)))
    .orderBy(asc(categories.level), asc(categories.key), asc(categories.id))
    .limit(limit)
    .offset(offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

export interface CategoryValues {
  id: string;
  parent_id: string | null;
  key: string;
  filter_id: string | null;
  level: number;
  name: string;
  description: string | null;
  language: string;
}

/** Keys are checked once the transaction ends: rows of an import may swap or pass on keys. */
export async function deferKeyCheck(ctx: ServiceContext): Promise<void> {
  const db = await ctx.db();
  await db.execute(sql`set constraints categories_tenant_key_key deferred`);
}

/** New categories, parents before children (`rows` sorted by level). */
export async function insertCategories(ctx: ServiceContext, rows: CategoryValues[], createdBy: string | null): Promise<void> {
  const db = await ctx.db();
  for (const chunk of batches(rows)) {
    await db.execute(sql`
      insert into ${categories} (id, tenant_id, parent_id, key, filter_id, level, name, description, language, created_by)
      select r.id, ${tenantOf(ctx)}, r.parent_id, r.key, r.filter_id, r.level, r.name, r.description, r.language, ${createdBy}::uuid
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as r(id uuid, parent_id uuid, key text, filter_id text, level int, name text, description text, language text)`);
  }
}

export async function updateCategories(ctx: ServiceContext, rows: CategoryValues[]): Promise<void> {
  const db = await ctx.db();
  for (const chunk of batches(rows)) {
    await db.execute(sql`
      update ${categories} c set parent_id = r.parent_id, key = r.key, filter_id = r.filter_id, level = r.level, name = r.name,
             description = r.description, language = r.language, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as r(id uuid, parent_id uuid, key text, filter_id text, level int, name text, description text, language text)
      where c.tenant_id = ${tenantOf(ctx)} and c.id = r.id`);
  }
}

export interface TranslationValues {
  category_id: string;
  locale: string;
  name: string;
  description: string | null;
}

export async function upsertTranslations(ctx: ServiceContext, rows: TranslationValues[]): Promise<void> {
  const db = await ctx.db();
  for (const chunk of batches(rows)) {
    await db.execute(sql`
      insert into ${categoryTranslations} (tenant_id, category_id, locale, name, description)
      select ${tenantOf(ctx)}, r.category_id, r.locale, r.name, r.description
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(category_id uuid, locale text, name text, description text)
      on conflict (category_id, locale) do update set name = excluded.name, description = excluded.description, updated_at = now()`);
  }
}

export async function deleteTranslations(ctx: ServiceContext, rows: { category_id: string; locale: string }[]): Promise<void> {
  const db = await ctx.db();
  for (const chunk of batches(rows)) {
    await db.execute(sql`
      delete from ${categoryTranslations} t using jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(category_id uuid, locale text)
      where t.tenant_id = ${tenantOf(ctx)} and t.category_id = r.category_id and t.locale = r.locale`);
  }
}

/** Levels of the whole tenant's tree from its roots (subtrees an import moved), one statement. */
export async function recomputeLevels(ctx: ServiceContext): Promise<void> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  await db.execute(sql`
    with recursive tree as (
      select id, 0 as lvl from ${categories} where tenant_id = ${t} and parent_id is null
      union all
      select c.id, tree.lvl + 1 from ${categories} c join tree on c.parent_id = tree.id where c.tenant_id = ${t}
    )
    update ${categories} c set level = tree.lvl from tree where c.tenant_id = ${t} and c.id = tree.id and c.level <> tree.lvl`);
}
