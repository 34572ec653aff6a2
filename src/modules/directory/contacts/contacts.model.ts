// The contact vocabulary shared by routes, handlers, services and queries (no ORM for importers).
import type { z } from '@hono/zod-openapi';
import type * as contract from '../../../contract/directory';
import type { contactLinks, contacts } from '../../../db/schema/contacts';

export { CONTACT_ENTITY_TYPES, type ContactAddress, type ContactEntityType } from '../../../db/schema/contacts';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;
export type LinkRow = typeof contactLinks.$inferSelect;
export type NewContact = z.infer<typeof contract.postSecureContacts.body>;
export type ContactPatch = z.infer<typeof contract.patchSecureContactsById.body>;

/** The stored fields a request may set (after normalization); null clears. */
export type ContactFields = Pick<NewContactRow, 'firstName' | 'middleName' | 'lastName' | 'email' | 'phone' | 'url' | 'address' | 'notes'>;

export interface ContactFilter {
  limit: number;
  offset: number;
  search?: string;
}

/** A link with its contact (link lists and the link answer). */
export interface LinkWithContact {
  link: LinkRow;
  contact: ContactRow;
}

/** A link of a contact with the linked entity's name (the references answer). */
export interface Reference {
  link: LinkRow;
  name: string;
}
