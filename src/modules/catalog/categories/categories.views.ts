// The reference's shapes of categories, links and translations (snake_case fields, `tenantId`).
import type { Category, CategoryLink, TranslationRow, Translations } from './categories.model';
import { localize } from './translations';

const base = (c: Category) => ({
  id: c.id,
  tenantId: c.tenantId,
  parent_id: c.parentId,
  key: c.key,
  filter_id: c.filterId,
  level: c.level,
});

const stamps = (c: Category) => ({ usage_count: c.usageCount, created_by: c.createdBy, created_at: c.createdAt.toISOString(), updated_at: c.updatedAt.toISOString() });

const translationsOut = (t: Translations) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { name: v.name, description: v.description ?? null }]));

/** One category with its base-language name and every translation (get, create, update). */
export const toCategory = (c: Category) => ({
  ...base(c),
  name: c.name,
  description: c.description,
  language: c.language,
  translations_i18n: translationsOut(c.translations),
  ...stamps(c),
});

/** A list item: name and description in the preferred language (fallback English, then base). */
export const toListItem = (c: Category, lang: string) => ({ ...base(c), ...localize(c, lang), language: c.language, ...stamps(c) });

/** Children are typed loosely, as the reference's recursive schema is (`Record<string, unknown>[]`). */
export type TreeNode = ReturnType<typeof toCategory> & { children: Record<string, unknown>[] };

/** The whole hierarchy from rows in level order: roots first, children by key under their parent. */
export function toTree(rows: Category[], lang: string): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  for (const c of rows) nodes.set(c.id, { ...toCategory(c), ...localize(c, lang), children: [] });
  for (const c of rows) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export const toLink = (l: CategoryLink) => ({
  id: l.id,
  tenantId: l.tenantId,
  category_id: l.categoryId,
  entity_type: l.entityType as 'space' | 'resource' | 'tenant' | 'group',
  entity_id: l.entityId,
  created_by: l.createdBy,
  created_at: l.createdAt.toISOString(),
});

export const toTranslation = (t: TranslationRow) => ({
  id: t.id,
  tenantId: t.tenantId,
  category_id: t.categoryId,
  locale: t.locale,
  name: t.name,
  description: t.description,
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
});
