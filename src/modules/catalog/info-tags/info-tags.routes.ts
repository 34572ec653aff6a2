// Info tags (public by key, tenant list/create/read/update/delete): the contract routes, who may
// call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { INFO_TAG_KEY, LOCALE, MAX_PUBLIC_KEYS } from './info-tags.model';

const keyList = (max: number) =>
  z
    .string()
    .max(max * 201)
    .transform((s) => [...new Set(s.split(',').map((k) => k.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(INFO_TAG_KEY, 'Keys are 3..200 of a-z 0-9 _ . -')).min(1).max(max));
const localeQuery = z.string().regex(LOCALE).optional().openapi({ description: 'Title and description in this locale where translated (`de`, `de-CH`); default: the first of Accept-Language' });

const SHADOW_DOC = 'A tenant tag shadows the system-wide tag with the same key: the list shows the tenant\'s own tags and the system tags it does not shadow.';
const CACHE_DOC = 'System-wide tags only (tenant tags are never public). Served from the isolate\'s cache (1 minute, up to 2,000 keys): a warm lookup makes no database round trip.';

export const publicList = contractRoute(contract.getPublicInfoTags, {
  description: `System-wide info tags by key, in the order asked; unknown keys are left out. Query: \`keys\` (required, comma-separated, 1..${MAX_PUBLIC_KEYS} keys), \`locale\`. \`total\` is the number found, \`limit\` the number of keys asked, \`offset\` 0. ${CACHE_DOC}`,
  request: { query: z.object({ keys: keyList(MAX_PUBLIC_KEYS).openapi({ type: 'string', description: 'Comma-separated keys (1..100)', example: 'booking.cancel,space.capacity' }), locale: localeQuery }) },
});
export const publicGet = contractRoute(contract.getPublicInfoTagsByKey, {
  description: `One system-wide info tag by key (404 when there is none). Query: \`locale\`. ${CACHE_DOC}`,
  request: { params: z.object({ key: z.string().regex(INFO_TAG_KEY).openapi({ param: { name: 'key', in: 'path' }, example: 'booking.cancel' }) }), query: z.object({ locale: localeQuery }) },
});

export const list = contractRoute(contract.getSecureInfoTags, {
  description: `Info tags the tenant sees, by key. ${SHADOW_DOC} Query: \`keys\` (comma-separated, up to 100), \`limit\` 1..500 (default 100), \`offset\`; \`total\` counts every match.`,
  request: { query: z.object({ keys: keyList(100).optional().openapi({ type: 'string', description: 'Only these keys (comma-separated)' }), ...limitOffsetQuery(100, 500) }) },
  auth: { permission: 'tenant:read' },
});
const params = idParam('Info tag id');
export const get = contractRoute(contract.getSecureInfoTagsById, {
  description: 'One info tag: the tenant\'s own or a system-wide one (another tenant\'s: 404).',
  request: { params },
  auth: { permission: 'tenant:read' },
});
const TRANSLATION_DOC = '`translations_i18n` keys are the tenant\'s additional languages (`de`, or `de-CH`), never its base language (422).';
export const create = contractRoute(contract.postSecureInfoTags, {
  description: `Creates a tenant info tag. \`key\` (^[a-z0-9_.-]+$, 3..200) is unique among the tenant's live tags (409) and cannot be changed later; a key of a system-wide tag shadows it. ${TRANSLATION_DOC} Needs \`tenant:write\`.`,
  auth: { permission: 'tenant:write', usersOnly: true },
  errors: [409, 422],
});
const patchContract = contract.patchSecureInfoTagsById;
export const patch = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description: `Changes title, description, examples or translations of one of the tenant's tags (the key is immutable; at least one property). ${TRANSLATION_DOC} System-wide tags are read-only (403 \`SYSTEM_TAG_READ_ONLY\`). Needs \`tenant:write\`.`,
  request: { params },
  auth: { permission: 'tenant:write', usersOnly: true },
  errors: [422],
});
export const remove = contractRoute(contract.deleteSecureInfoTagsById, {
  description: 'Soft-deletes one of the tenant\'s tags (its key is free again; a shadowed system tag shows again). System-wide tags: 403. Needs `tenant:write`. 204.',
  request: { params },
  auth: { permission: 'tenant:write', usersOnly: true },
});
