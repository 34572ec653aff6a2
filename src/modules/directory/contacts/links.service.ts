// Linking contacts to entities of the entity registry (users now; spaces and resources by the same
// functions). Reading an entity's contacts needs the entity to be the caller's tenant's (404
// otherwise); linking and unlinking need the right to change it (catalog's mayWrite). One primary
// per entity: a new primary demotes the old one in the same transaction.
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { assertEntityWritable, findEntity } from '../../catalog/entities';
import type { ContactEntityType, LinkWithContact } from './contacts.model';
import * as q from './contacts.queries';
import { authorOf, contactNotFound } from './contacts.service';
import * as lq from './links.queries';

/** The entity's contacts; the entity check and the list go to the database together. */
export async function entityContacts(ctx: ServiceContext, type: ContactEntityType, id: string): Promise<LinkWithContact[]> {
  const [, rows] = await Promise.all([findEntity(ctx, type, id), lq.linksOfEntity(ctx, type, id)]);
  return rows;
}

/** Links (or re-links) a contact; `isPrimary` true makes it the entity's only primary contact. */
export async function linkContact(ctx: ServiceContext, type: ContactEntityType, id: string, body: { contactId: string; isPrimary?: boolean }): Promise<LinkWithContact> {
  // The path's entity first: another tenant's entity is 404 whatever the body names.
  await assertEntityWritable(ctx, type, id);
  // Kept from a concurrent delete until commit (the link's foreign key would fail with a 500).
  const contact = await q.findContact(ctx, body.contactId, 'key share');
  if (!contact) throw contactNotFound(body.contactId);
  if (body.isPrimary) {
    await lq.lockEntityLinks(ctx, type, id);
    await lq.demotePrimary(ctx, type, id, contact.id);
  }
  const link = await lq.upsertLink(ctx, { type, id, contactId: contact.id, isPrimary: body.isPrimary, by: authorOf(await ctx.principal()) });
  ctx.audit({ action: 'contact.link', resourceType: 'contact', resourceId: contact.id, details: { entityType: type, entityId: id, isPrimary: link.isPrimary } });
  return { link, contact };
}

export async function unlinkContact(ctx: ServiceContext, type: ContactEntityType, id: string, contactId: string): Promise<void> {
  await assertEntityWritable(ctx, type, id);
  if (!(await lq.deleteLink(ctx, type, id, contactId))) {
    throw new ApiError('NOT_FOUND', `Contact ${contactId} is not linked to this ${type}`, { reason: 'link_not_found', contactId });
  }
  ctx.audit({ action: 'contact.unlink', resourceType: 'contact', resourceId: contactId, details: { entityType: type, entityId: id } });
}

/** For the entity's area when it deletes one: its contact links go (the contacts stay). */
export const unlinkEntityContacts = (ctx: ServiceContext, type: ContactEntityType, id: string) => lq.deleteEntityLinks(ctx, type, id);
