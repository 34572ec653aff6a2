// A space's category and tag links (shared builder: directory/shared/links.routes.ts).
import * as contract from '../../../contract/directory';
import { contactLinkRoutes } from '../contacts';
import { entityLinkRoutes } from '../shared/links.routes';

export const { categories, linkCategory, unlinkCategory, tags, linkTag, unlinkTag } = entityLinkRoutes('space', 'spaces:read', 'tenant-wide `spaces:write` or a manager of it', {
  categories: contract.getSecureSpacesByIdCategories,
  linkCategory: contract.postSecureSpacesByIdCategories,
  unlinkCategory: contract.deleteSecureSpacesByIdCategoriesByCategoryId,
  tags: contract.getSecureSpacesByIdTags,
  linkTag: contract.postSecureSpacesByIdTags,
  unlinkTag: contract.deleteSecureSpacesByIdTagsByTagId,
});

/** Contact links: the contacts area's generic routes (`contacts:read` / `contacts:write` and the right to change the space). */
export const contacts = contactLinkRoutes('space', {
  list: contract.getSecureSpacesByIdContacts,
  link: contract.postSecureSpacesByIdContacts,
  unlink: contract.deleteSecureSpacesByIdContactsByContactId,
});
