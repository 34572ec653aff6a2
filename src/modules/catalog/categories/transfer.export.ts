// Category export: one page of the tenant's categories as cells, parents before children, with
// `parent_key` and the translation columns of every tenant language; an example row when empty.
import type { ServiceContext } from '../../../context';
import type { ExportTable } from '../transfer/transfer.registry';
import type { TenantLanguages } from './categories.model';
import { tenantLanguages } from './categories.queries';
import { exportPage } from './transfer.queries';

export const BASE_COLUMNS = ['id', 'key', 'parent_key', 'name', 'description', 'language', 'filter_id', 'level', 'usage_count'] as const;

export const translationColumns = (langs: TenantLanguages) => langs.languages.flatMap((l) => [`name_${l}`, `description_${l}`]);

const DESCRIPTIONS: Record<string, string> = {
  id: 'Category id: empty creates a category, an id updates it',
  key: 'Unique key of the category (a-z, 0-9, -)',
  parent_key: 'Key of the parent category (empty: a root); may name another row of the file',
  name: 'Name in the base language',
  description: 'Description in the base language',
  language: 'Base language (a tenant language; default the tenant default)',
  filter_id: 'Filter for type-specific categories',
  level: 'Depth in the tree (read-only)',
  usage_count: 'Entities linked (read-only)',
};

export const EXAMPLE_DESCRIPTION = 'Shown when the export is empty; the import skips this row';

export async function exportCategories(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<ExportTable> {
  // Both statements go out together (one round trip on a read).
  const [{ rows, total }, langs] = await Promise.all([exportPage(ctx, page.limit, page.offset), tenantLanguages(ctx)]);
  const header = [...BASE_COLUMNS, ...translationColumns(langs)];
  const descriptions = { ...DESCRIPTIONS };
  for (const l of langs.languages) {
    descriptions[`name_${l}`] = `Name in ${l} (left empty for the base language)`;
    descriptions[`description_${l}`] = `Description in ${l}`;
  }
  const cells = rows.map(({ c, parentKey }) => [
    c.id, c.key, parentKey, c.name, c.description, c.language, c.filterId, String(c.level), String(c.usageCount),
    ...langs.languages.flatMap((l) => [c.translations[l]?.name ?? null, c.translations[l]?.description ?? null]),
  ]);
  const example = [
    '', 'example-category', '', 'Example category', EXAMPLE_DESCRIPTION, langs.defaultLanguage, '', '0', '0',
    ...langs.languages.flatMap(() => [null, null]),
  ];
  return { header, descriptions, rows: cells, total, example };
}
