// A space's category and tag links (the catalog's link rules: the category or tag must be the
// tenant's, the caller must be able to change the space).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';
import { contactLinkRoutes } from '../contacts';

const params = idParam('Space id');
const WRITE_DOC = 'Needs the right to change the space (tenant-wide `spaces:write` or a manager of it; 403 otherwise).';

export const categories = contractRoute(contract.getSecureSpacesByIdCategories, {
  description: 'Categories linked to the space, names in `preferredLanguage` (else Accept-Language, then English, then base).',
  request: { params, query: z.object({ preferredLanguage: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).optional().openapi({ description: 'Language of names' }) }) },
  auth: { permission: 'spaces:read' },
});
export const linkCategory = contractRoute(contract.postSecureSpacesByIdCategories, {
  description: `Links a category of the tenant (404 otherwise); re-linking answers the existing link. ${WRITE_DOC}`,
  request: { params },
  auth: { permission: 'spaces:read' },
});
export const unlinkCategory = contractRoute(contract.deleteSecureSpacesByIdCategoriesByCategoryId, {
  description: `Removes the link (404 when there is none). ${WRITE_DOC}`,
  request: { params: params.extend({ categoryId: z.uuid().openapi({ description: 'Category id' }) }) },
  auth: { permission: 'spaces:read' },
});
export const tags = contractRoute(contract.getSecureSpacesByIdTags, {
  description: 'Tags linked to the space, by name.',
  request: { params },
  auth: { permission: 'spaces:read' },
});
export const linkTag = contractRoute(contract.postSecureSpacesByIdTags, {
  description: `Links a tag by name (normalized; created, owned by the caller, when missing). ${WRITE_DOC}`,
  request: { params },
  auth: { permission: 'spaces:read', usersOnly: true },
});
export const unlinkTag = contractRoute(contract.deleteSecureSpacesByIdTagsByTagId, {
  description: `Removes the link; a tag left unused and not persistent goes too. ${WRITE_DOC}`,
  request: { params: params.extend({ tagId: z.uuid().openapi({ description: 'Tag id' }) }) },
  auth: { permission: 'spaces:read' },
});

/** Contact links: the contacts area's generic routes (`contacts:read` / `contacts:write` and the right to change the space). */
export const contacts = contactLinkRoutes('space', {
  list: contract.getSecureSpacesByIdContacts,
  link: contract.postSecureSpacesByIdContacts,
  unlink: contract.deleteSecureSpacesByIdContactsByContactId,
});
