// Categories in Postgres: reads with their translations and exact usage counts (computed from the
// links, so no counter can drift), and the writes of create, update, re-parent and delete. Every
// statement filters by the caller's tenant.
import { asc, eq, ilike, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { categories, categoryLinks, categoryTranslations } from '../../../db/schema/categories';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { Category, ListFilter, TenantLanguages, Translation, TranslationRow, Translations } from './categories.model';
import { tenantLanguages as languagesOf } from '../shared/languages';

// Written out qualified: drizzle renders a column in a select's sql without its table, and the
// subquery's own `id` would capture it.
export const translationsSql = sql<Translations>`coalesce((select jsonb_object_agg(t.locale, jsonb_build_object('name', t.name, 'description', t.description))
  from ${categoryTranslations} t where t.category_id = "categories"."id"), '{}'::jsonb)`;
export const usageSql = sql<number>`(select count(*)::int from ${categoryLinks} l where l.category_id = "categories"."id")`;

/** The columns of a Category (the row, its translations, its usage count). */
export const categoryColumns = {
  id: categories.id,
  tenantId: categories.tenantId,
  parentId: categories.parentId,
  key: categories.key,
  filterId: categories.filterId,
  level: categories.level,
  name: categories.name,
  description: categories.description,
  language: categories.language,
  translations: translationsSql,
  usageCount: usageSql,
  createdBy: categories.createdBy,
  createdAt: categories.createdAt,
  updatedAt: categories.updatedAt,
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** A page of the tenant's categories (tree order: level, key) and the total of all matches, in one statement. */
export async function listCategories(ctx: ServiceContext, f: ListFilter): Promise<{ rows: Category[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(
    categories.tenantId,
    tenantOf(ctx),
    f.roots ? isNull(categories.parentId) : f.parent_id ? eq(categories.parentId, f.parent_id) : undefined,
    f.filter_id !== undefined ? eq(categories.filterId, f.filter_id) : undefined,
    f.level !== undefined ? eq(categories.level, f.level) : undefined,
    f.search ? or(ilike(categories.key, `%${escapeLike(f.search)}%`), ilike(categories.name, `%${escapeLike(f.search)}%`)) : undefined,
  );
  const rows = await db
    .select({ ...categoryColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(categories)
    .where(where)
    .orderBy(asc(categories.level), asc(categories.key))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

/**
 * Every category of the tenant (the tree), one statement. Translations and usage counts come from
 * one grouped pass over each table, joined: the per-row subqueries of categoryColumns would run
 * twice per category (a 2,000-category tree: ~60 ms of Postgres CPU, against a few ms this way).
 */
export async function allCategories(ctx: ServiceContext): Promise<Category[]> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const tr = db
    .select({
      categoryId: categoryTranslations.categoryId,
      translations: sql<Translations>`jsonb_object_agg(${categoryTranslations.locale}, jsonb_build_object('name', ${categoryTranslations.name}, 'description', ${categoryTranslations.description}))`.as('translations'),
    })
    .from(categoryTranslations)
    .where(eq(categoryTranslations.tenantId, tenantId))
    .groupBy(categoryTranslations.categoryId)
    .as('tr');
  const used = db
    .select({ categoryId: categoryLinks.categoryId, n: sql<number>`count(*)::int`.as('n') })
    .from(categoryLinks)
    .where(eq(categoryLinks.tenantId, tenantId))
    .groupBy(categoryLinks.categoryId)
    .as('used');
  return db
    .select({ ...categoryColumns, translations: sql<Translations>`coalesce(${tr.translations}, '{}'::jsonb)`, usageCount: sql<number>`coalesce(${used.n}, 0)` })
    .from(categories)
    .leftJoin(tr, eq(tr.categoryId, categories.id))
    .leftJoin(used, eq(used.categoryId, categories.id))
    .where(ofTenant(categories.tenantId, tenantId))
    .orderBy(asc(categories.level), asc(categories.key));
}

export async function findCategory(ctx: ServiceContext, id: string, lock = false): Promise<Category | undefined> {
  const db = await ctx.db();
  const q = db.select(categoryColumns).from(categories).where(ofTenant(categories.tenantId, tenantOf(ctx), eq(categories.id, id)));
  const [row] = lock ? await q.for('update', { of: categories }) : await q;
  return row;
}

export async function tenantLanguages(ctx: ServiceContext): Promise<TenantLanguages> {
  const l = await languagesOf(ctx);
  return { defaultLanguage: l.base, languages: l.all };
}

/**
 * Serializes changes of the tenant's tree (create under a parent, re-parent, delete, import) for the
 * rest of the transaction: two moves checked against the same old tree could otherwise make a cycle.
 */
export async function lockTree(ctx: ServiceContext): Promise<void> {
  const db = await ctx.db();
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`categories:${tenantOf(ctx)}`}, 0))`);
}

type Values = Omit<typeof categories.$inferInsert, 'tenantId' | 'id'> & { id?: string };

export async function insertCategory(ctx: ServiceContext, v: Values): Promise<typeof categories.$inferSelect> {
  const db = await ctx.db();
  const [row] = await db.insert(categories).values({ ...v, tenantId: tenantOf(ctx) }).returning();
  return row!;
}

export async function updateCategory(ctx: ServiceContext, id: string, v: Partial<Values>): Promise<void> {
  const db = await ctx.db();
  await db.update(categories).set({ ...v, updatedAt: sql`now()` }).where(ofTenant(categories.tenantId, tenantOf(ctx), eq(categories.id, id)));
}

/** Height of the subtree under `id` (0: a leaf) and whether `candidate` lies in it (itself included). */
export async function subtreeOf(ctx: ServiceContext, id: string, candidate: string): Promise<{ height: number; contains: boolean }> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const res = await db.execute<{ height: number; contains: boolean }>(sql`
    with recursive sub as (
      select id, 0 as d from ${categories} where tenant_id = ${t} and id = ${id}
      union all
      select c.id, sub.d + 1 from ${categories} c join sub on c.parent_id = sub.id where c.tenant_id = ${t} and sub.d < 64
    )
    select coalesce(max(d), 0)::int as height, bool_or(id = ${candidate}) as contains from sub`);
  const row = res.rows[0];
  return { height: Number(row?.height ?? 0), contains: row?.contains === true };
}

/** Moves `id` under `parentId` (null: root) and rewrites the levels of its whole subtree: one statement. */
export async function moveSubtree(ctx: ServiceContext, id: string, parentId: string | null, level: number): Promise<void> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  await db.execute(sql`
    with recursive sub as (
      select id, ${level}::int as lvl from ${categories} where tenant_id = ${t} and id = ${id}
      union all
      select c.id, sub.lvl + 1 from ${categories} c join sub on c.parent_id = sub.id where c.tenant_id = ${t}
    )
    update ${categories} c set level = sub.lvl, updated_at = now(),
      parent_id = case when c.id = ${id} then ${parentId}::uuid else c.parent_id end
    from sub where c.tenant_id = ${t} and c.id = sub.id`);
}

export async function childCount(ctx: ServiceContext, id: string): Promise<number> {
  const db = await ctx.db();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(categories).where(ofTenant(categories.tenantId, tenantOf(ctx), eq(categories.parentId, id)));
  return r?.n ?? 0;
}

/** Deletes the category (its translations and links go with it, by cascade). */
export async function deleteCategory(ctx: ServiceContext, id: string): Promise<void> {
  const db = await ctx.db();
  await db.delete(categories).where(ofTenant(categories.tenantId, tenantOf(ctx), eq(categories.id, id)));
}

/** Makes `translations` the category's whole set of translations (`fresh`: it has none yet). */
export async function replaceTranslations(ctx: ServiceContext, categoryId: string, translations: Record<string, Translation>, fresh = false): Promise<void> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const locales = Object.keys(translations);
  if (!fresh) await db
    .delete(categoryTranslations)
    .where(ofTenant(categoryTranslations.tenantId, t, eq(categoryTranslations.categoryId, categoryId), locales.length ? notInArray(categoryTranslations.locale, locales) : undefined));
  if (locales.length) {
    await db
      .insert(categoryTranslations)
      .values(locales.map((locale) => ({ tenantId: t, categoryId, locale, name: translations[locale]!.name, description: translations[locale]!.description })))
      .onConflictDoUpdate({
        target: [categoryTranslations.categoryId, categoryTranslations.locale],
        set: { name: sql`excluded.name`, description: sql`excluded.description`, updatedAt: sql`now()` },
      });
  }
}

export async function upsertTranslation(ctx: ServiceContext, categoryId: string, locale: string, tr: Translation): Promise<TranslationRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(categoryTranslations)
    .values({ tenantId: tenantOf(ctx), categoryId, locale, ...tr })
    .onConflictDoUpdate({ target: [categoryTranslations.categoryId, categoryTranslations.locale], set: { ...tr, updatedAt: sql`now()` } })
    .returning();
  return row!;
}
