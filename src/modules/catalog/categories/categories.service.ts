// Category rules: keys unique per tenant (409), `level` from the parent, re-parenting that moves
// the whole subtree (no cycles, no level past CATEGORY_MAX_LEVEL: 422), translations outside the
// base language, and delete that refuses children (409) and moves links to a replacement.
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { pgError } from '../../../lib/db-errors';
import { CATEGORY_MAX_LEVEL, type Category, type CategoryPatch, type ListFilter, type NewCategory, type TranslationRow } from './categories.model';
import * as q from './categories.queries';
import * as links from './links.queries';
import { assertTranslationLocales, localesOf } from '../shared/translations';
import { checkBaseLanguage, checkTranslations } from './translations';

const notFoundCategory = (what = 'Category', reason = 'category_not_found') => new ApiError('NOT_FOUND', `${what} not found`, { reason });

export async function requireCategory(ctx: ServiceContext, id: string, lock = false): Promise<Category> {
  const c = await q.findCategory(ctx, id, lock);
  if (!c) throw notFoundCategory();
  return c;
}

export const listCategories = (ctx: ServiceContext, f: ListFilter) => q.listCategories(ctx, f);

/** Every category of the tenant in level order; with `filterId`, those with it and their ancestors (so each keeps its place). */
export async function categoryTree(ctx: ServiceContext, filterId?: string): Promise<Category[]> {
  const rows = await q.allCategories(ctx);
  if (filterId === undefined) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<string>();
  for (const r of rows) {
    if (r.filterId !== filterId) continue;
    for (let n: Category | undefined = r; n && !keep.has(n.id); n = n.parentId ? byId.get(n.parentId) : undefined) keep.add(n.id);
  }
  return rows.filter((r) => keep.has(r.id));
}

const createdBy = async (ctx: ServiceContext) => {
  const p = await ctx.principal();
  return p.kind === 'user' ? p.userId : null;
};

/** A key taken by another category of the tenant: 409 (the unique constraint decides under races). */
async function keyed<T>(key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (pgError(err)?.code === '23505') throw new ApiError('CONFLICT', `A category with key ${key} already exists`, { reason: 'key_taken', key });
    throw err;
  }
}

function tooDeep(level: number): ApiError {
  return new ApiError('UNPROCESSABLE_ENTITY', `Categories nest at most ${CATEGORY_MAX_LEVEL} levels below a root; this would put one at level ${level}`, {
    reason: 'category_too_deep',
    maxLevel: CATEGORY_MAX_LEVEL,
    level,
  });
}

async function parentOf(ctx: ServiceContext, parentId: string): Promise<Category> {
  const parent = await q.findCategory(ctx, parentId);
  if (!parent) throw notFoundCategory('Parent category', 'parent_not_found');
  return parent;
}

export async function createCategory(ctx: ServiceContext, body: NewCategory): Promise<Category> {
  const langs = await q.tenantLanguages(ctx);
  const language = body.language ?? langs.defaultLanguage;
  checkBaseLanguage(langs, language);
  const translations = checkTranslations(langs, language, body.translations_i18n ?? {});
  let level = 0;
  if (body.parent_id) {
    await q.lockTree(ctx);
    level = (await parentOf(ctx, body.parent_id)).level + 1;
    if (level > CATEGORY_MAX_LEVEL) throw tooDeep(level);
  }
  const row = await keyed(body.key, async () =>
    q.insertCategory(ctx, {
      key: body.key,
      name: body.name,
      description: body.description ?? null,
      language,
      parentId: body.parent_id ?? null,
      filterId: body.filter_id ?? null,
      level,
      createdBy: await createdBy(ctx),
    }),
  );
  if (Object.keys(translations).length) await q.replaceTranslations(ctx, row.id, translations, true);
  ctx.audit({ action: 'category.create', resourceType: 'category', resourceId: row.id, details: { key: body.key, parentId: body.parent_id ?? null } });
  // Answered from what was written (a new category has no links): no read back.
  return { ...row, translations, usageCount: 0 };
}

/** Moves `c` under `parentId` (null: to the roots), refusing cycles and depth past the maximum; the tree is locked. */
async function reparent(ctx: ServiceContext, c: Category, parentId: string | null): Promise<void> {
  let level = 0;
  if (parentId) {
    if (parentId === c.id) throw new ApiError('UNPROCESSABLE_ENTITY', 'A category cannot be its own parent', { reason: 'category_cycle' });
    const parent = await parentOf(ctx, parentId);
    const sub = await q.subtreeOf(ctx, c.id, parentId);
    if (sub.contains) throw new ApiError('UNPROCESSABLE_ENTITY', 'The new parent is a descendant of this category (that would make a cycle)', { reason: 'category_cycle' });
    level = parent.level + 1;
    if (level + sub.height > CATEGORY_MAX_LEVEL) throw tooDeep(level + sub.height);
  }
  await q.moveSubtree(ctx, c.id, parentId, level);
}

export async function updateCategory(ctx: ServiceContext, id: string, patch: CategoryPatch): Promise<Category> {
  // The tree lock before the row lock, in the order delete takes them (no deadlock between the two).
  if (patch.parent_id !== undefined) await q.lockTree(ctx);
  const [c, langs] = await Promise.all([requireCategory(ctx, id, true), q.tenantLanguages(ctx)]);
  const language = patch.language ?? c.language;
  if (patch.language !== undefined && patch.language !== c.language) checkBaseLanguage(langs, language);
  // The translations kept (or given) must still leave out the base language after the change.
  const translations = patch.translations_i18n ? checkTranslations(langs, language, patch.translations_i18n) : undefined;
  if (!translations && patch.language !== undefined) assertTranslationLocales(localesOf(c.translations), language);
  if (patch.parent_id !== undefined && patch.parent_id !== c.parentId) await reparent(ctx, c, patch.parent_id);
  const values = {
    ...(patch.key !== undefined && { key: patch.key }),
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.filter_id !== undefined && { filterId: patch.filter_id }),
    ...(patch.language !== undefined && { language }),
  };
  if (Object.keys(values).length) await keyed(patch.key ?? c.key, () => q.updateCategory(ctx, id, values));
  if (translations) await q.replaceTranslations(ctx, id, translations);
  ctx.audit({ action: 'category.update', resourceType: 'category', resourceId: id, details: { fields: Object.keys(patch) } });
  return requireCategory(ctx, id);
}

export async function upsertTranslation(ctx: ServiceContext, id: string, body: { locale: string; name: string; description?: string }): Promise<TranslationRow> {
  const [c, langs] = await Promise.all([requireCategory(ctx, id, true), q.tenantLanguages(ctx)]);
  checkTranslations(langs, c.language, { [body.locale]: body });
  const row = await q.upsertTranslation(ctx, id, body.locale, { name: body.name, description: body.description ?? null });
  await q.updateCategory(ctx, id, {});
  ctx.audit({ action: 'category.translation.upsert', resourceType: 'category', resourceId: id, details: { locale: body.locale } });
  return row;
}

export interface Deleted {
  deleted: true;
  relinked_count: number;
  replacement_category_id: string | null;
}

/** Deletes a category without children; its links move to `replacementId` first (required when it has any). */
export async function deleteCategory(ctx: ServiceContext, id: string, replacementId?: string): Promise<Deleted> {
  await q.lockTree(ctx);
  const c = await requireCategory(ctx, id, true);
  if ((await q.childCount(ctx, id)) > 0) {
    throw new ApiError('CONFLICT', 'The category has subcategories: move or delete them first', { reason: 'category_has_children' });
  }
  if (replacementId === id) throw new ApiError('UNPROCESSABLE_ENTITY', 'The replacement cannot be the category being deleted', { reason: 'replacement_invalid' });
  if (c.usageCount > 0 && !replacementId) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `The category is linked to ${c.usageCount} entities: give replacement_category_id to move the links`, {
      reason: 'replacement_required',
      usageCount: c.usageCount,
    });
  }
  // Without children the category has no descendants, so any other category of the tenant may replace it.
  if (replacementId && !(await q.findCategory(ctx, replacementId, true))) throw notFoundCategory('Replacement category', 'replacement_not_found');
  const relinked = replacementId ? await links.moveLinks(ctx, id, replacementId) : 0;
  await q.deleteCategory(ctx, id);
  ctx.audit({ action: 'category.delete', resourceType: 'category', resourceId: id, details: { key: c.key, replacementCategoryId: replacementId ?? null, relinked } });
  return { deleted: true, relinked_count: relinked, replacement_category_id: replacementId ?? null };
}
