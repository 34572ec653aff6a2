// Taxonomy tags: the contract routes, who may call them, their parameters and the rules the
// reference leaves unsaid. "Admin only" routes need `taxonomy:write` (owners and admins).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { FORMATS, IMPORT_MAX_ROWS } from '../../../lib/transfer/model';
import { TAG_ENTITY_TYPES, TAG_OWNER_TYPES } from './tags.model';

const params = idParam('Tag id');
const language = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).optional().openapi({ description: 'Localize `display_name` with this translation where the tag has one' });
const NAMES =
  'Names are normalized (NFC, trimmed, runs of white space as one space, Unicode lowercase): `Foo ` and `foo` are one tag, whose `display_name` ' +
  'keeps the first spelling. Control characters are refused (400).';
const LINK_RULE =
  'Needs write permission on the entity (tenant: `tenant:write`, group: `groups:write`); an unknown entity type or an id that is not the ' +
  "tenant's is 404 with nothing written. Missing tags are created owned by the caller (`owner_type` user, not persistent); re-linking returns " +
  'the existing link. `usage_count` moves in the same transaction, under the tag row\'s lock.';

export const listQuery = z.object({
  search: z.string().max(100).optional().openapi({ description: 'Substring of the name or display name (case-insensitive)' }),
  persistent: z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description: 'Only curated (true) or ad-hoc (false) tags' }),
  owner_type: z.enum(TAG_OWNER_TYPES).optional(),
  language,
  ...limitOffsetQuery(50, 500),
});

export const list = contractRoute(contract.getSecureTaxonomyTags, {
  description: `The tenant's tags ordered by name. Query: \`search\`, \`persistent\`, \`owner_type\`, \`language\`, \`limit\` 1..500 (default 50), \`offset\`; \`total\` counts every match (absent on a page past the end). ${NAMES}`,
  request: { query: listQuery },
  auth: { permission: 'taxonomy:read' },
});
export const get = contractRoute(contract.getSecureTaxonomyTagsById, { request: { params }, auth: { permission: 'taxonomy:read' } });

export const cloud = contractRoute(contract.getSecureTaxonomyTagsCloud, {
  description: 'The most used tags, most links first (ties by name), from one index. Query: `limit` 1..200 (default 50), `min_count` (default 1), `language`.',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      min_count: z.coerce.number().int().min(0).max(1_000_000_000).default(1).openapi({ description: 'Only tags with at least this many links' }),
      language,
    }),
  },
  auth: { permission: 'taxonomy:read' },
});

export const entity = contractRoute(contract.getSecureTaxonomyTagsEntity, {
  description:
    'Tags of one entity, by name. Query: `entity_type` and `entity_id` (both required; the tenant itself is `entity_type=tenant` with its id). ' +
    "An unknown type or an entity that is not the tenant's is 404.",
  request: {
    query: z.object({ entity_type: z.enum(TAG_ENTITY_TYPES), entity_id: z.uuid() }),
  },
  auth: { permission: 'taxonomy:read' },
});

export const entities = contractRoute(contract.getSecureTaxonomyTagsByIdEntities, {
  description: 'Links of a tag, newest first. Query: `entity_type`, `limit` 1..500 (default 100), `offset`.',
  request: { params, query: z.object({ entity_type: z.enum(TAG_ENTITY_TYPES).optional(), ...limitOffsetQuery(100, 500) }) },
  auth: { permission: 'taxonomy:read' },
});

export const link = contractRoute(contract.postSecureTaxonomyTagsLink, { description: `Links a tag to an entity, by name. ${LINK_RULE} ${NAMES}`, auth: { permission: 'taxonomy:read', usersOnly: true } });
export const linkBulk = contractRoute(contract.postSecureTaxonomyTagsLinkBulk, {
  description: `Links 1..50 names to an entity, all or nothing (one transaction; names equal after normalization count once). ${LINK_RULE} ${NAMES}`,
  auth: { permission: 'taxonomy:read', usersOnly: true },
});
export const unlink = contractRoute(contract.deleteSecureTaxonomyTagsByIdUnlink, {
  description:
    'Removes the link of the tag to the entity (404 `link_not_found` when there is none). The last unlink deletes a tag that is not persistent, ' +
    'in the same transaction; a tag linked meanwhile is kept. Needs write permission on the entity.',
  request: { params },
  auth: { permission: 'taxonomy:read', usersOnly: true },
});

export const curated = contractRoute(contract.postSecureTaxonomyTagsCurated, {
  description: `Creates a persistent tag owned by the caller, or by the group \`group_id\` (a group of the tenant: 404 otherwise). 409 \`tag_exists\` when the name is taken (upgrade that tag instead). ${NAMES} Admin only (\`taxonomy:write\`).`,
  auth: { permission: 'taxonomy:write', usersOnly: true },
  errors: [404, 409],
});
export const upgrade = contractRoute(contract.patchSecureTaxonomyTagsByIdUpgrade, {
  description: 'Makes a tag persistent (it survives losing its last link and cleanup). Admin only (`taxonomy:write`).',
  request: { params },
  auth: { permission: 'taxonomy:write', usersOnly: true },
});
export const bulkUpdate = contractRoute(contract.postSecureTaxonomyTagsBulkUpdate, {
  description: "Sets `persistent` of 1..100 tags in one transaction, all or nothing: an id that is not the tenant's is 404 (`details.ids`), an id given twice 422; nothing changes then. Answers the tags in the order given. Admin only (`taxonomy:write`).",
  auth: { permission: 'taxonomy:write', usersOnly: true },
  errors: [404, 422],
});
export const cleanup = contractRoute(contract.postSecureTaxonomyTagsCleanup, {
  description: 'Deletes the tenant\'s tags that are not persistent and have no links; `deleted_count` says how many. Admin only (`taxonomy:write`).',
  auth: { permission: 'taxonomy:write', usersOnly: true },
});
export const remove = contractRoute(contract.deleteSecureTaxonomyTagsById, {
  description: 'Deletes a tag and all its links. Admin only (`taxonomy:write`). 204.',
  request: { params },
  auth: { permission: 'taxonomy:write', usersOnly: true },
  errors: [404],
});
export const translations = contractRoute(contract.patchSecureTaxonomyTagsByIdTranslations, {
  description:
    'Sets the display name in several locales at once (other locales are kept). Each locale must be one of the tenant\'s languages and not the ' +
    "tag's base `language` (422, `details.reason` `base_language`), and appear once. Needs `taxonomy:write`.",
  request: { params },
  auth: { permission: 'taxonomy:write', usersOnly: true },
  errors: [404, 422],
});

export const exportQuery = z.object({
  format: z.enum(FORMATS).default('csv').openapi({ description: '`csv` (default), `tsv` or `xlsx`' }),
  limit: z.coerce.number().int().min(1).max(IMPORT_MAX_ROWS).default(IMPORT_MAX_ROWS),
  offset: z.coerce.number().int().min(0).default(0),
});
export const exportTags = contractRoute(contract.getSecureTaxonomyTagsExport, {
  description:
    'Downloads the tenant\'s tags ordered by name: `id`, `name` (display spelling), `normalized_name`, `language`, `persistent`, `usage_count`, ' +
    '`owner_type`, `owner_id`, one `name_<locale>` column per additional tenant language, `created_at`, `updated_at`. At most 10,000 rows per ' +
    'file (`limit`, `offset`); `X-Total-Count` tells how many there are; an empty export holds one example row. Needs `taxonomy:read`.',
  request: { query: exportQuery },
  auth: { permission: 'taxonomy:read' },
});
export const importTags = contractRoute(contract.postSecureTaxonomyTagsImport, {
  description:
    'Creates and updates tags from a file (multipart `file`, `options` JSON: `dryRun`, `mergeStrategy` skip|replace|merge, `skipErrors`). ' +
    'Columns: `name` (required), `id` (update that tag), `persistent` (true/false, default true for new tags), `name_<locale>` translations. ' +
    'A row matches by `id`, else by normalized name. Limits 10 MB and 10,000 rows; all writes in one transaction. Needs `taxonomy:write`.',
  auth: { permission: 'taxonomy:write', usersOnly: true },
  errors: [413],
});
