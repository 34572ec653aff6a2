// Taxonomy categories: the contract routes, who may call them, their parameters and the rules the
// reference leaves unsaid. "Admin only" routes need taxonomy:write (owners and admins).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { exportQuery } from '../../../lib/transfer/model';
import { CATEGORY_MAX_LEVEL, LINK_ENTITY_TYPES } from './categories.model';

const params = idParam('Category id');
const preferredLanguage = z
  .string()
  .max(35)
  .optional()
  .openapi({ description: 'Language of `name` and `description` (e.g. `de`); default Accept-Language, else `en`. A category without that translation answers in English, else its base language.' });

export const listQuery = z.object({
  parent_id: z.uuid().optional().openapi({ description: 'Only the direct children of this category' }),
  roots: z.enum(['true', 'false']).optional().openapi({ description: '`true`: only root categories (level 0)' }),
  filter_id: z.string().min(1).max(100).optional().openapi({ description: 'Only categories with this filter id' }),
  level: z.coerce.number().int().min(0).max(CATEGORY_MAX_LEVEL).optional().openapi({ description: 'Only categories at this level' }),
  search: z.string().min(1).max(200).optional().openapi({ description: 'Case-insensitive part of the key or base name' }),
  preferredLanguage,
  ...limitOffsetQuery(100, 500),
});
const entityQuery = z.object({
  entity_type: z.enum(LINK_ENTITY_TYPES).openapi({ description: 'Type of the entity (the tenant itself: `tenant` with its id)' }),
  entity_id: z.uuid().openapi({ description: 'Id of the entity' }),
  preferredLanguage,
});
const treeQuery = z.object({ filter_id: z.string().min(1).max(100).optional().openapi({ description: 'Only categories with this filter id (and their places in the tree)' }), preferredLanguage });
const entitiesQuery = z.object({ entity_type: z.enum(LINK_ENTITY_TYPES).optional().openapi({ description: 'Only links to entities of this type' }) });

const TRANSLATIONS_DOC =
  '`translations_i18n` maps a tenant language (`default_language` or one of `additional_languages`) to `{name, description}`; it never includes the ' +
  'category\'s base `language` (422 `translation_is_base_language`), and a language the tenant does not have is 422 `language_not_enabled`.';
const TREE_DOC = `\`level\` follows the parent (root = 0, at most ${CATEGORY_MAX_LEVEL}: deeper is 422 \`category_too_deep\`).`;

export const list = contractRoute(contract.getSecureTaxonomyCategories, {
  description:
    'Flat list of the tenant\'s categories in tree order (level, then key) with exact `usage_count`. Query: `parent_id`, `roots`, `filter_id`, `level`, `search`, ' +
    '`preferredLanguage`, `limit` 1..500 (default 100), `offset`; `returnedCount` is this page, `total` every match. Needs `taxonomy:read`.',
  request: { query: listQuery },
  auth: { permission: 'taxonomy:read' },
});
export const create = contractRoute(contract.postSecureTaxonomyCategories, {
  description:
    `Creates a category (admin only: \`taxonomy:write\`). \`key\` is unique in the tenant (409 \`key_taken\`); \`parent_id\` must be a category of the tenant (404). ${TREE_DOC} ` +
    `\`language\` defaults to the tenant's default language. ${TRANSLATIONS_DOC}`,
  auth: { permission: 'taxonomy:write' },
  errors: [404, 409, 422],
});
export const entity = contractRoute(contract.getSecureTaxonomyCategoriesEntity, {
  description:
    'The categories of one entity (`entity_type` and `entity_id`, both required; 404 when the entity is unknown or another ' +
    'tenant\'s), in tree order, localized like the list. Needs `taxonomy:read`.',
  request: { query: entityQuery },
  auth: { permission: 'taxonomy:read' },
  errors: [404],
});
export const exportFile = contractRoute(contract.getSecureTaxonomyCategoriesExport, {
  description:
    'Downloads the tenant\'s categories (`format` csv, tsv or xlsx) in tree order (parents before children): `id`, `key`, `parent_key`, `name`, `description`, ' +
    '`language`, `filter_id`, `level`, `usage_count` (the last two read-only), then `name_<lang>` and `description_<lang>` per tenant language. At most 10,000 rows per file ' +
    '(`limit`, `offset`), `X-Total-Count` tells how many there are. Needs `taxonomy:read`.',
  request: { query: exportQuery },
  auth: { permission: 'taxonomy:read' },
});
export const importFile = contractRoute(contract.postSecureTaxonomyCategoriesImport, {
  description:
    'Creates and updates categories from a file (multipart `file`, optional `options` JSON: `dryRun`, `mergeStrategy` skip|replace|merge, `skipErrors`). Columns as the ' +
    'export; `key` and `name` are required. A row matches a category by `id`, else by `key`. `parent_key` names a category of the tenant or of another row of the file, ' +
    'in any order; cycles, unknown parents and levels past the maximum are row errors. Translation columns follow the translation rules. A dry run answers exactly what ' +
    'the import would; with `skipErrors` false any row error means nothing is written. Admin only (`taxonomy:write`).',
  auth: { permission: 'taxonomy:write' },
  errors: [413],
});
export const tree = contractRoute(contract.getSecureTaxonomyCategoriesTree, {
  description: 'The whole hierarchy of the tenant\'s categories: roots ordered by key, each with `children` (recursively), names localized like the list. One query. Needs `taxonomy:read`.',
  request: { query: treeQuery },
  auth: { permission: 'taxonomy:read' },
});
export const remove = contractRoute(contract.deleteSecureTaxonomyCategoriesById, {
  description:
    'Deletes a category (admin only). One with subcategories is 409 `category_has_children`. One linked to entities needs `replacement_category_id` ' +
    '(422 `replacement_required`; itself is 422 `replacement_invalid`, another tenant\'s or unknown 404): its links move there in the same transaction, entities the ' +
    'replacement already has are not duplicated, and `relinked_count` says how many links moved.',
  request: { params },
  bodyOptional: true,
  auth: { permission: 'taxonomy:write' },
  errors: [409],
});
export const get = contractRoute(contract.getSecureTaxonomyCategoriesById, {
  description: 'One category with its base-language name and all its translations. Needs `taxonomy:read`.',
  request: { params },
  auth: { permission: 'taxonomy:read' },
  errors: [404],
});
export const patch = contractRoute(contract.patchSecureTaxonomyCategoriesById, {
  description:
    `Updates a category (admin only). A new \`parent_id\` (null: make it a root) moves its whole subtree and rewrites the levels; its own descendants (or itself) ` +
    `are refused (422 \`category_cycle\`). ${TREE_DOC} \`translations_i18n\`, when given, replaces the translations. ${TRANSLATIONS_DOC}`,
  request: { params },
  auth: { permission: 'taxonomy:write' },
  errors: [404, 409, 422],
});
export const entities = contractRoute(contract.getSecureTaxonomyCategoriesByIdEntities, {
  description: 'The links of a category to entities, newest first (`entity_type` filters). Needs `taxonomy:read`.',
  request: { params, query: entitiesQuery },
  auth: { permission: 'taxonomy:read' },
  errors: [404],
});
export const i18n = contractRoute(contract.patchSecureTaxonomyCategoriesByIdI18n, {
  description: `Creates or replaces one translation of a category (admin only). ${TRANSLATIONS_DOC}`,
  request: { params },
  auth: { permission: 'taxonomy:write' },
  errors: [404, 422],
});
export const link = contractRoute(contract.postSecureTaxonomyCategoriesByIdLink, {
  description:
    'Links the category to an entity of the tenant. The caller needs `taxonomy:read` and the right to change the entity (403 otherwise; a tenant takes `tenant:write`, a ' +
    'group `groups:write`); an unknown type or another tenant\'s id is 404 with nothing written. Linking again answers the existing link.',
  request: { params },
  auth: { permission: 'taxonomy:read' },
  errors: [404],
});
export const unlink = contractRoute(contract.deleteSecureTaxonomyCategoriesByIdUnlink, {
  description: 'Removes the link between the category and an entity (same rights as linking); 404 `link_not_found` when there is none. 204.',
  request: { params },
  auth: { permission: 'taxonomy:read' },
});
