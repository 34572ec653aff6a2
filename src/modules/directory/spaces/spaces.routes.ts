// Spaces: list, create, read, update, delete, their category and tag links, order, promotion and
// visit metrics. The contract routes, who may call them and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { exportQuery } from '../../../lib/transfer/model';
import { SPACE_STATUSES, SPACE_TYPES } from './spaces.model';

const params = idParam('Space id');
const flag = (description: string) => z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description });
const coords = {
  lat: z.coerce.number().min(-90).max(90).optional().openapi({ description: 'Reference latitude (with `lng`): answers carry `distanceMeters`' }),
  lng: z.coerce.number().min(-180).max(180).optional().openapi({ description: 'Reference longitude (with `lat`)' }),
};
const both = (q: { lat?: number; lng?: number }) => (q.lat === undefined) === (q.lng === undefined);
const BOTH = { message: 'Give lat and lng together', path: ['lat'] };

export const listQuery = z
  .object({
    type: z.enum(SPACE_TYPES).optional().openapi({ description: 'Only spaces of this type' }),
    status: z.enum(SPACE_STATUSES).optional().openapi({ description: 'Only spaces in this status' }),
    category_id: z.uuid().optional().openapi({ description: 'Only spaces linked to this category or one of its descendants' }),
    tag: z
      .string()
      .max(1000)
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : undefined))
      .openapi({ description: 'Comma-separated tag names: spaces with at least one of them' }),
    manageable: flag('`true`: only spaces the caller may change; `false`: only the others'),
    search: z.string().max(200).optional().openapi({ description: 'Part of the name (case-insensitive)' }),
    ...coords,
    radiusMeters: z.coerce.number().positive().max(20_000_000).optional().openapi({ description: 'With lat/lng: only spaces whose home location is within this many meters' }),
    ...limitOffsetQuery(20, 100),
  })
  .refine(both, BOTH)
  .refine((q) => q.radiusMeters === undefined || q.lat !== undefined, { message: 'radiusMeters needs lat and lng', path: ['radiusMeters'] });
const detailQuery = z.object(coords).refine(both, BOTH);

const MANAGE_DOC = 'Needs `spaces:read` and the right to change the space: tenant-wide `spaces:write` or being one of its managers (403 `SPACE_NOT_MANAGEABLE`); system spaces are read-only (403 `SYSTEM_SPACE_READ_ONLY`).';
const PENDING_DOC = 'A `pending` space (awaiting approval) is seen only by its creator, its managers and callers with `spaces:write`; others get 404.';

export const list = contractRoute(contract.getSecureSpaces, {
  description: `Spaces in list order: \`customOrder\` descending, then name, then id, except that spaces with an active position promotion (\`PositionDynamic\`/\`PositionFix\` with a \`promotionRank\`, now within their window) take that absolute place among the matches (ties: the next free place), the same on every page; Effect modes only style. Filters: \`type\`, \`status\`, \`category_id\` (with descendants), \`tag\`, \`manageable\`, \`search\`, \`lat\`/\`lng\` (+ \`radiusMeters\`; distances in meters on a spherical earth). \`limit\` 1..100 (default 20), \`offset\`. ${PENDING_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'spaces:read' },
});
export const create = contractRoute(contract.postSecureSpaces, {
  description:
    'Creates a space (`type` default `custom`; `system` is reserved, 422). `language` defaults to the tenant\'s; `translations_i18n` never repeats it (422 `INVALID_TRANSLATIONS`). ' +
    '`settings` are validated against `type_definition_id` (active, applies to spaces; 422 naming the failing paths). `category_ids` / `tag_ids` must be the tenant\'s (404). ' +
    'The tenant\'s `max_spaces` holds (422 `QUOTA_EXCEEDED`). When the approval settings require it for the creator\'s role, the space is `pending` until decided: approval gives it the status asked for, anything else `retired`.',
  auth: { permission: 'spaces:write' },
});
export const get = contractRoute(contract.getSecureSpacesById, {
  description: `One space with settings, home location, categories, tags and visit metrics; \`lat\`/\`lng\` add \`distanceMeters\`. Each read counts a visit of the caller (after the response). ${PENDING_DOC}`,
  request: { params, query: detailQuery },
  auth: { permission: 'spaces:read' },
});
export const patch = contractRoute(contract.patchSecureSpacesById, {
  description: `Changes the fields given; \`category_ids\` / \`tag_ids\` replace the links. \`status\` cannot change while an approval request is open (409 \`APPROVAL_PENDING\`). ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'spaces:read' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureSpacesById, {
  description: 'Deletes the space with its members and its category and tag links. Needs `spaces:delete`; system spaces are read-only (403).',
  request: { params },
  auth: { permission: 'spaces:delete' },
});
export const orderTop = contractRoute(contract.postSecureSpacesByIdOrderTop, {
  description: `Gives the space the tenant's highest \`customOrder\` + 1 (concurrent calls get distinct values). ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'spaces:read' },
});
export const promotion = contractRoute(contract.patchSecureSpacesByIdPromotion, {
  description: `Sets the promotion; \`promotionType\` \`None\` clears rank and window. \`promotionEndDate\` must be after \`promotionStartDate\` (422). ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'spaces:read' },
});
export const resetVisits = contractRoute(contract.postSecureSpacesByIdVisitMetricsReset, {
  description: `Zeroes the visit counter and records who reset it, when and \`reason\`. ${MANAGE_DOC}`,
  request: { params },
  bodyOptional: true,
  auth: { permission: 'spaces:read' },
});
export const exportFile = contractRoute(contract.getSecureSpacesExport, {
  description:
    'Downloads the tenant\'s spaces in list order (`format` csv, tsv or xlsx): `id`, `name`, `description`, `language`, `type`, `status`, `latitude`, `longitude`, ' +
    '`categories` (keys), `tags` (names), `custom_order` (read only), `name_<lang>` / `description_<lang>` per additional tenant language, `created_at`, `updated_at`. ' +
    'At most 10,000 rows per file (`limit`, `offset`); `X-Total-Count` tells how many; an empty export holds one example row. Needs `spaces:read`.',
  request: { query: exportQuery },
  auth: { permission: 'spaces:read' },
});
export const importFile = contractRoute(contract.postSecureSpacesImport, {
  description:
    'Creates and updates spaces from a file (multipart `file`, `options` JSON: `dryRun`, `mergeStrategy` skip|replace|merge, `skipErrors`, `createMissingTags`). ' +
    'Columns as the export; `name` required; an `id` must be a space of this tenant (system spaces are refused). Category keys and tag names must exist ' +
    '(tags are created with `createMissingTags`). `max_spaces` holds for the rows created; all writes in one transaction. Limits 10 MB, 10,000 rows. Needs `spaces:write`.',
  auth: { permission: 'spaces:write' },
  errors: [413],
});
