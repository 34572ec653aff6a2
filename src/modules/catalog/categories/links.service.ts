// Links between categories and entities: the entity must exist in the caller's tenant and be
// writable by the caller (entity registry: 404 / 403, nothing written); re-linking returns the
// existing link. Also the surface the directory area uses for its entities' categories.
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { batches } from '../../../lib/transfer/batches';
import { assertEntityWritable, findEntity } from '../entities';
import type { Category, CategoryLink } from './categories.model';
import * as q from './links.queries';
import { requireCategory } from './categories.service';

const createdBy = async (ctx: ServiceContext) => {
  const p = await ctx.principal();
  return p.kind === 'user' ? p.userId : null;
};

/**
 * Both checks at once (one round trip), the category's answered first: a caller naming another
 * tenant's category learns nothing about the entity.
 */
async function checkBoth(ctx: ServiceContext, categoryId: string, entityType: string, entityId: string): Promise<void> {
  const [category, entity] = await Promise.allSettled([requireCategory(ctx, categoryId), assertEntityWritable(ctx, entityType, entityId)]);
  if (category.status === 'rejected') throw category.reason;
  if (entity.status === 'rejected') throw entity.reason;
}

export async function linkEntity(ctx: ServiceContext, categoryId: string, entityType: string, entityId: string): Promise<CategoryLink> {
  await checkBoth(ctx, categoryId, entityType, entityId);
  const [link] = await q.insertLinks(ctx, entityType, entityId, [categoryId], await createdBy(ctx));
  ctx.audit({ action: 'category.link', resourceType: 'category', resourceId: categoryId, details: { entityType, entityId } });
  return link!;
}

export async function unlinkEntity(ctx: ServiceContext, categoryId: string, entityType: string, entityId: string): Promise<void> {
  await checkBoth(ctx, categoryId, entityType, entityId);
  if (!(await q.deleteLinks(ctx, entityType, entityId, categoryId))) {
    throw new ApiError('NOT_FOUND', 'The entity is not linked to this category', { reason: 'link_not_found' });
  }
  ctx.audit({ action: 'category.unlink', resourceType: 'category', resourceId: categoryId, details: { entityType, entityId } });
}

/** The categories of one entity (404 when the entity is unknown or another tenant's; neither given: the tenant); one round trip. */
export async function entityCategories(ctx: ServiceContext, entityType: string, entityId: string): Promise<Category[]> {
  const [, rows] = await Promise.all([findEntity(ctx, entityType, entityId), q.categoriesOfEntities(ctx, entityType, [entityId])]);
  return rows;
}

/** The links of a category (404 when it is not the tenant's); one round trip. */
export async function categoryLinks(ctx: ServiceContext, categoryId: string, entityType?: string): Promise<CategoryLink[]> {
  const [, rows] = await Promise.all([requireCategory(ctx, categoryId), q.linksOf(ctx, categoryId, entityType)]);
  return rows;
}

// ---- the surface for the areas that own entities (directory) ---------------------------------

/**
 * Links the entity to `categoryIds` in the caller's transaction (existing links stay); 404 when one
 * is not a category of the tenant. The caller has checked the entity (it is creating or changing it).
 */
export async function linkCategories(ctx: ServiceContext, entityType: string, entityId: string, categoryIds: readonly string[]): Promise<CategoryLink[]> {
  const ids = [...new Set(categoryIds)];
  const found = await q.existingIds(ctx, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new ApiError('NOT_FOUND', `No category ${missing.join(', ')} in this tenant`, { reason: 'category_not_found', categoryIds: missing });
  return q.insertLinks(ctx, entityType, entityId, ids, await createdBy(ctx));
}

/**
 * Links many entities to their categories in the caller's transaction (an import): one check of
 * every category id, then one insert per IMPORT_BATCH_ROWS links; existing links stay. 404 when
 * one is not a category of the tenant (nothing linked).
 */
export async function linkCategoriesMany(ctx: ServiceContext, entityType: string, links: readonly { entityId: string; categoryIds: readonly string[] }[]): Promise<void> {
  const pairs = links.flatMap((l) => [...new Set(l.categoryIds)].map((categoryId) => ({ entityId: l.entityId, categoryId })));
  if (!pairs.length) return;
  const ids = [...new Set(pairs.map((p) => p.categoryId))];
  const found = await q.existingIds(ctx, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new ApiError('NOT_FOUND', `No category ${missing.join(', ')} in this tenant`, { reason: 'category_not_found', categoryIds: missing });
  const by = await createdBy(ctx);
  for (const batch of batches(pairs)) await q.insertLinksMany(ctx, entityType, batch, by);
}

/** Which of `ids` are categories of the caller's tenant (one query). */
export const existingCategoryIds = (ctx: ServiceContext, ids: readonly string[]) => q.existingIds(ctx, ids);

/** Removes every category link of these entities (one statement), e.g. before an import relinks them. */
export const unlinkCategoriesOfEntities = (ctx: ServiceContext, entityType: string, entityIds: readonly string[]) => q.deleteLinksOfMany(ctx, entityType, entityIds);

/** Removes every category link of an entity (when the entity is deleted); returns how many went. */
export const unlinkEntityCategories = (ctx: ServiceContext, entityType: string, entityId: string) => q.deleteLinks(ctx, entityType, entityId);

/** The category and all its descendants' ids (a "category with subcategories" filter), one query. */
export const categoryIdsWithDescendants = (ctx: ServiceContext, id: string) => q.idsWithDescendants(ctx, id);

/** Categories of a page of entities of one type, by entity id (one query). */
export async function categoriesOf(ctx: ServiceContext, entityType: string, entityIds: readonly string[]): Promise<Map<string, Category[]>> {
  const out = new Map<string, Category[]>(entityIds.map((id) => [id, []]));
  for (const { entityId, ...c } of await q.categoriesOfEntities(ctx, entityType, entityIds)) out.get(entityId)?.push(c);
  return out;
}
