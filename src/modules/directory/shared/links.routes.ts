// Category and tag links of a directory entity (`/secure/<spaces|resources>/{id}/<categories|tags>`):
// one builder for both types (the catalog's link rules: the category or tag must be the tenant's,
// the caller must be able to change the entity, as the entity registry decides).
import { z } from '@hono/zod-openapi';
import { contractRoute, type Contract } from '../../../http/route';
import { idParam } from '../../../lib/pagination';
import type { Permission } from '../../../lib/permissions';

interface LinkContracts<A, B, C, D, E, F> {
  categories: A;
  linkCategory: B;
  unlinkCategory: C;
  tags: D;
  linkTag: E;
  unlinkTag: F;
}

export function entityLinkRoutes<const A extends Contract, const B extends Contract, const C extends Contract, const D extends Contract, const E extends Contract, const F extends Contract>(
  type: 'space' | 'resource',
  read: Permission,
  writeRule: string,
  c: LinkContracts<A, B, C, D, E, F>,
) {
  const params = idParam(`${type[0]!.toUpperCase()}${type.slice(1)} id`);
  const WRITE_DOC = `Needs the right to change the ${type} (${writeRule}; 403 otherwise).`;
  return {
    categories: contractRoute(c.categories, {
      description: `Categories linked to the ${type}, names in \`preferredLanguage\` (else Accept-Language, then English, then base).`,
      request: { params, query: z.object({ preferredLanguage: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).optional().openapi({ description: 'Language of names' }) }) },
      auth: { permission: read },
    }),
    linkCategory: contractRoute(c.linkCategory, {
      description: `Links a category of the tenant (404 otherwise); re-linking answers the existing link. ${WRITE_DOC}`,
      request: { params },
      auth: { permission: read },
    }),
    unlinkCategory: contractRoute(c.unlinkCategory, {
      description: `Removes the link (404 when there is none). ${WRITE_DOC}`,
      request: { params: params.extend({ categoryId: z.uuid().openapi({ description: 'Category id' }) }) },
      auth: { permission: read },
    }),
    tags: contractRoute(c.tags, {
      description: `Tags linked to the ${type}, by name.`,
      request: { params },
      auth: { permission: read },
    }),
    linkTag: contractRoute(c.linkTag, {
      description: `Links a tag by name (normalized; created, owned by the caller, when missing). ${WRITE_DOC}`,
      request: { params },
      auth: { permission: read, usersOnly: true },
    }),
    unlinkTag: contractRoute(c.unlinkTag, {
      description: `Removes the link; a tag left unused and not persistent goes too. ${WRITE_DOC}`,
      request: { params: params.extend({ tagId: z.uuid().openapi({ description: 'Tag id' }) }) },
      auth: { permission: read },
    }),
  };
}
