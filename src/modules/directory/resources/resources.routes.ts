// Resources: list, nearby, create, read, update, delete, order, promotion and visit metrics. The
// contract routes, who may call them and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { exportQuery } from '../../../lib/transfer/model';
import { RESOURCE_STATUSES, RESOURCE_TYPES } from './resources.model';

const params = idParam('Resource id');
const flag = (description: string) => z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description });
const lat = z.coerce.number().min(-90).max(90);
const lng = z.coerce.number().min(-180).max(180);

const filters = {
  type: z.enum(RESOURCE_TYPES).optional().openapi({ description: 'Only resources of this type' }),
  status: z.enum(RESOURCE_STATUSES).optional().openapi({ description: 'Only resources in this status' }),
  space_id: z.uuid().optional().openapi({ description: 'Only resources in this space' }),
  category_id: z.uuid().optional().openapi({ description: 'Only resources linked to this category or one of its descendants' }),
  tag: z
    .string()
    .max(1000)
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : undefined))
    .openapi({ description: 'Comma-separated tag names: resources with at least one of them' }),
  manageable: flag('`true`: only resources the caller may change; `false`: only the others'),
  search: z.string().max(200).optional().openapi({ description: 'Part of the name (case-insensitive)' }),
  ...limitOffsetQuery(20, 100),
};

export const listQuery = z
  .object({
    ...filters,
    lat: lat.optional().openapi({ description: 'Reference latitude (with `lng` and `radiusMeters`): only resources within the radius' }),
    lng: lng.optional().openapi({ description: 'Reference longitude (with `lat`)' }),
    radiusMeters: z.coerce.number().positive().max(20_000_000).optional().openapi({ description: 'With lat/lng: only resources whose current location is within this many meters' }),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: 'Give lat and lng together', path: ['lat'] })
  .refine((q) => q.radiusMeters === undefined || q.lat !== undefined, { message: 'radiusMeters needs lat and lng', path: ['radiusMeters'] });

export const nearbyQuery = z.object({
  ...filters,
  lat: lat.openapi({ description: 'Reference latitude (required)' }),
  lng: lng.openapi({ description: 'Reference longitude (required)' }),
  radiusMeters: z.coerce.number().positive().max(100_000).default(5000).openapi({ description: 'Search radius in meters (default 5000, at most 100000)' }),
  include: z.string().max(200).optional().openapi({ description: 'Comma-separated extras: `media` fills `mediaFileIds` (always empty until the media area links files)' }),
});

const MANAGE_DOC = 'Needs `resources:read` and the right to change the resource: tenant-wide `resources:write`, being an admin or manager of it, or a manager of its space (403 `RESOURCE_NOT_MANAGEABLE`); system resources are read-only (403).';
const PENDING_DOC = 'A `pending` resource (awaiting approval) is seen only by its creator, those who may manage it and callers with `resources:write`; others get 404.';
const PROPS_DOC = 'An API key or app account limited to some `resources.properties` sees only those optional fields and may write only those (403 `PROPERTY_NOT_ALLOWED`).';

export const list = contractRoute(contract.getSecureResources, {
  description: `Resources in list order: \`customOrder\` descending, then name, then id, except that resources with an active position promotion (\`PositionDynamic\`/\`PositionFix\` with a \`promotionRank\`, now within their window) take that absolute place among the matches (ties: the next free place), the same on every page. Filters: \`type\`, \`status\`, \`space_id\`, \`category_id\` (with descendants), \`tag\`, \`manageable\`, \`search\`, \`lat\`/\`lng\` + \`radiusMeters\`. \`limit\` 1..100 (default 20), \`offset\`. ${PENDING_DOC} ${PROPS_DOC}`,
  request: { query: listQuery },
  auth: { permission: 'resources:read' },
});
export const nearby = contractRoute(contract.getSecureResourcesNearby, {
  description: `Resources with a current location within \`radiusMeters\` (default 5000, max 100000) of \`lat\`/\`lng\`, nearest first (then customOrder, name, id); \`distanceMeters\` on a spherical earth (earthdistance, index-served box prefilter). The list filters apply; each item carries its categories and tags. ${PENDING_DOC}`,
  request: { query: nearbyQuery },
  auth: { permission: 'resources:read' },
});
export const create = contractRoute(contract.postSecureResources, {
  description:
    'Creates a `custom` resource. `language` defaults to the tenant\'s; `translationsI18n` never repeats it (422 `INVALID_TRANSLATIONS`). `spaceId` must be a space of the tenant (422). ' +
    '`settings` are validated against `typeDefinitionId` (active, applies to resources; 422 naming the failing paths). `categoryIds` / `tagIds` must be the tenant\'s (404). ' +
    `The creator becomes the resource's \`admin\`. The tenant's \`max_resources\` holds (422 \`QUOTA_EXCEEDED\`). When the approval settings require it for the creator's role, the resource is \`pending\` until decided: approval gives it the status asked for, anything else \`retired\`. ${PROPS_DOC}`,
  auth: { permission: 'resources:write' },
});
export const get = contractRoute(contract.getSecureResourcesById, {
  description: `One resource with settings, location, categories, tags and visit metrics. Reading never counts a visit (POST visit-metrics/track does). ${PENDING_DOC} ${PROPS_DOC}`,
  request: { params },
  auth: { permission: 'resources:read' },
});
export const patch = contractRoute(contract.patchSecureResourcesById, {
  description: `Changes the fields given; \`categoryIds\` / \`tagIds\` replace the links; \`spaceId\` must be the tenant's (422). \`status\` cannot change while an approval request is open (409 \`APPROVAL_PENDING\`). ${MANAGE_DOC} ${PROPS_DOC}`,
  request: { params },
  auth: { permission: 'resources:read' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureResourcesById, {
  description: 'Deletes the resource with its members and its category, tag and contact links. Needs `resources:delete`; system resources are read-only (403).',
  request: { params },
  auth: { permission: 'resources:delete' },
});
export const orderTop = contractRoute(contract.postSecureResourcesByIdOrderTop, {
  description: `Gives the resource the tenant's highest \`customOrder\` + 1 (concurrent calls get distinct values). ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'resources:read' },
});
export const promotion = contractRoute(contract.patchSecureResourcesByIdPromotion, {
  description: `Sets the promotion; \`promotionType\` \`None\` clears rank and window. \`promotionEndDate\` must be after \`promotionStartDate\` (422). ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'resources:read' },
});
const VISITS_DOC = 'Answers 403 `FEATURE_DISABLED` when the tenant has the `visit_metrics` feature off.';
export const resetVisits = contractRoute(contract.postSecureResourcesByIdVisitMetricsReset, {
  description: `Zeroes the visit counter and records who reset it, when and \`reason\`. ${MANAGE_DOC} ${VISITS_DOC}`,
  request: { params },
  bodyOptional: true,
  auth: { permission: 'resources:read' },
});
export const trackVisit = contractRoute(contract.postSecureResourcesByIdVisitMetricsTrack, {
  description: `Counts one visit of the caller (user, API key or app account), atomically, after the response; the answer is the summary including this visit. Anyone who may see the resource may track. ${VISITS_DOC}`,
  request: { params },
  auth: { permission: 'resources:read' },
});
export const exportFile = contractRoute(contract.getSecureResourcesExport, {
  description:
    'Downloads the tenant\'s resources in list order (`format` csv, tsv or xlsx): `id`, `name`, `description`, `language`, `status`, `space_id`, `latitude`, `longitude`, ' +
    '`categories` (keys), `tags` (names), `custom_order` (read only), `created_at`, `updated_at`. At most 10,000 rows per file (`limit`, `offset`); `X-Total-Count` tells how many; an empty export holds one example row. Needs `resources:read`.',
  request: { query: exportQuery },
  auth: { permission: 'resources:read' },
});
export const importFile = contractRoute(contract.postSecureResourcesImport, {
  description:
    'Creates and updates resources from a file (multipart `file`, `options` JSON: `dryRun`, `mergeStrategy` skip|replace|merge, `skipErrors`). Columns as the export; `name` required; ' +
    'an `id` must be a resource of this tenant; `space_id` a space of it. `max_resources` holds for the rows created; inserts are batched, all writes in one transaction. Limits 10 MB, 10,000 rows. Needs `resources:write`.',
  auth: { permission: 'resources:write' },
  errors: [413],
});
