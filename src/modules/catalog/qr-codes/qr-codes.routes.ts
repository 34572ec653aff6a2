// QR code routes: the contract routes, who may call them, their parameters and what the reference
// leaves unsaid. The reference names no permission: reading codes takes `files:read`, changing them
// `files:write` (codes are media; members have both, guests read).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { limitOffsetQuery } from '../../../lib/pagination';
import { QR_ACCESS_LEVELS, QR_IMAGE_FORMATS, QR_RENDER_MODES, QR_TYPES } from './qr-codes.model';

const params = z.object({ uuid: z.uuid().openapi({ param: { name: 'uuid', in: 'path' }, description: 'QR code uuid' }) });
const linkParams = params.extend({
  linkId: z
    .string()
    .regex(/^(\d{1,10}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, 'A link id (integer) or uuid')
    .openapi({ param: { name: 'linkId', in: 'path' }, description: 'The link’s integer id or its uuid' }),
});
const formatQuery = z.object({ format: z.enum(QR_IMAGE_FORMATS).default('png').openapi({ description: 'png (default) or svg' }) });
export const listQuery = z.object({
  type: z.enum(QR_TYPES).optional().openapi({ description: 'Only codes of this type' }),
  renderMode: z.enum(QR_RENDER_MODES).optional().openapi({ description: 'Only LIVE or STATIC codes' }),
  accessLevel: z.enum(QR_ACCESS_LEVELS).optional().openapi({ description: 'Only codes with this access level' }),
  search: z.string().min(1).max(200).optional().openapi({ description: 'Part of the name (case-insensitive)' }),
  ...limitOffsetQuery(20, 100),
});

const read = { permission: 'files:read' } as const;
const write = { permission: 'files:write' } as const;

const RENDER_DOC =
  'Rendering: `qrcode-generator` encodes the payload (byte mode, UTF-8) at `errorCorrectionLevel`; PNG (indexed, 1-2 bits per pixel, ' +
  'print profile as pHYs: STANDARD 96 dpi, HI_RES_300DPI / HI_RES_600DPI scale the pixel size by 300/96 and 600/96, at most 8192 px) or SVG ' +
  '(one path, `size` + `sizeUnit`). `margin` is the quiet zone in modules. An icon (`icon.enabled`, SMALL/MEDIUM/LARGE, `color` defaults to the ' +
  'foreground) covers the centre and must stay within half of what the level restores: 422 `ICON_TOO_LARGE_FOR_EC_LEVEL` (with `minimumLevel`) ' +
  'otherwise, e.g. MEDIUM needs M and LARGE needs H on small codes. `icon.mediaId` is 422 until media files are served. Payloads by `type` from ' +
  '`payloadTemplate` (an object, or a list of `{type, property, value}` read as property → value): TEXT `text`; URL `url` (http/https); ' +
  'LANDING_PAGE the code’s public URL; CONTACT a vCard 3.0 from `firstName`, `lastName`, `name`, `organization`, `title`, `phone`, `email`, ' +
  '`url`, `address`, `note`; LOCATION `lat` (±90), `lng` (±180) as a `geo:` URI; CUSTOM `data` as is. 422 `INVALID_PAYLOAD` (with `details.fields`), ' +
  '`PAYLOAD_TOO_LONG`, `SIZE_TOO_SMALL`, `IMAGE_TOO_LARGE`.';
const STORE_DOC =
  'STATIC codes (the default) are rendered into R2 on create and on every change of what is drawn, with the SHA-256 of the PNG; a versioned ' +
  'code (`isVersioned`) keeps every render as a version with snapshots of its options and payload. LIVE codes are drawn on each request.';

export const list = contractRoute(contract.getSecureQrCodes, {
  description: 'The tenant’s QR codes, newest first. Query: `type`, `renderMode`, `accessLevel`, `search` (name), `limit` 1..100 (default 20), `offset`. `publicUrl` only for PUBLIC codes. Needs `files:read`.',
  request: { query: listQuery },
  auth: read,
});
export const create = contractRoute(contract.postSecureQrCodes, {
  description: `Creates a code (201). Without \`options\` the defaults (#000000 on #FFFFFF, 256 px, M, margin 4, STANDARD, no icon); \`renderMode\` STATIC unless given. ${STORE_DOC} ${RENDER_DOC} Needs \`files:write\`.`,
  auth: write,
});
export const get = contractRoute(contract.getSecureQrCodesByUuid, { description: 'One code of the tenant (another tenant’s: 404). Needs `files:read`.', request: { params }, auth: read });
export const patch = contractRoute(contract.patchSecureQrCodesByUuid, {
  description:
    'Changes the fields the body names (the reference’s `accessLevel` default applies only when it is sent). `options` replaces the options whole. ' +
    `A change of type, payload, options or render mode renders a STATIC code again (no new version when the image is identical). ${RENDER_DOC} Needs \`files:write\`.`,
  request: { params },
  auth: write,
});
export const remove = contractRoute(contract.deleteSecureQrCodesByUuid, { description: 'Deletes the code, its versions, links and stored images (204). Needs `files:write`.', request: { params }, auth: write });
export const download = contractRoute(contract.getSecureQrCodesByUuidDownload, {
  description: 'The code’s image, whatever its access level: `format` png (default; a STATIC code’s stored render) or svg (`image/svg+xml`). `ETag` is the image’s SHA-256. Needs `files:read`.',
  request: { params, query: formatQuery },
  auth: read,
});
export const regenerate = contractRoute(contract.postSecureQrCodesByUuidRegenerate, {
  description: 'Renders a STATIC code again: an identical image (same checksum) is not stored again unless `force` (`regenerated: false`); a versioned code gets a new version. LIVE codes: 422 `NOT_STATIC`. Needs `files:write`.',
  request: { params },
  bodyOptional: true,
  auth: write,
});
export const versions = contractRoute(contract.getSecureQrCodesByUuidVersions, { description: 'Renders of a versioned code, newest first (an unversioned code has none). Needs `files:read`.', request: { params }, auth: read });
export const links = contractRoute(contract.getSecureQrCodesByUuidLinks, { description: 'Entities the code is linked to, oldest first. Needs `files:read`.', request: { params }, auth: read });
export const link = contractRoute(contract.postSecureQrCodesByUuidLinks, {
  description:
    'Links the code to an entity by `linkedUuid` (422 without: entities have uuids). The type must be registered (today `user`; space, resource, contact and ' +
    'calendar_entry once their areas land) and the entity the tenant’s (404), and the caller must be allowed to change it (403). One link per entity (409). ' +
    'With `inheritsPermissions` (default) the public embed is hidden once the entity is gone. Needs `files:write`.',
  request: { params },
  auth: write,
  errors: [409],
});
export const unlink = contractRoute(contract.deleteSecureQrCodesByUuidLinksByLinkId, { description: 'Removes a link (its integer id or uuid); 204. Needs `files:write`.', request: { params: linkParams }, auth: write });

export const embed = contractRoute(contract.getPublicQrByUuid, {
  description:
    'The code’s image for embedding (`format` png or svg). By access level: PUBLIC anyone; AUTHENTICATED a signed-in user of the code’s tenant ' +
    '(`Authorization: Bearer <access token>`); API_KEY an API key of the tenant (`X-API-Key`) or a user’s token; PRIVATE never (404). Without the ' +
    'needed credentials 401; another tenant’s caller, an unknown code, or one whose inheriting link’s entity is gone: 404. `ETag` (the SHA-256 of ' +
    'the image) and 304 on `If-None-Match`. At most 60 requests per minute per IP and code (429 with `Retry-After`).',
  request: { params, query: formatQuery },
});
