// The reference's snake_case shapes of contacts, links and references (requests are camelCase).
import type { ContactRow, LinkWithContact, Reference } from './contacts.model';
import { contactName } from './contacts.service';

export function toContact(c: ContactRow) {
  return {
    id: c.id,
    tenantId: c.tenantId,
    first_name: c.firstName,
    middle_name: c.middleName,
    last_name: c.lastName,
    email: c.email,
    phone: c.phone,
    url: c.url,
    address: c.address,
    notes: c.notes,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    created_by: c.createdBy,
    updated_by: c.updatedBy,
  };
}

export function toLink({ link, contact }: LinkWithContact) {
  return {
    id: link.id,
    tenantId: link.tenantId,
    entity_type: link.entityType,
    entity_id: link.entityId,
    contact_id: link.contactId,
    is_primary: link.isPrimary,
    created_at: link.createdAt.toISOString(),
    contact: toContact(contact),
  };
}

export function toReference({ link, name }: Reference) {
  return {
    id: link.id,
    entity_type: link.entityType,
    entity_id: link.entityId,
    entity_name: name,
    is_primary: link.isPrimary,
    created_at: link.createdAt.toISOString(),
  };
}

/**
 * The `contacts` of a space or resource detail: the reference gives them as reachable points
 * (`contact_type` email, phone or url, its `value`), so each linked contact yields one entry per
 * channel it has, `id` the contact's and `label` its name; the primary contact comes first.
 */
export function toContactPoints(links: readonly LinkWithContact[]) {
  return links.flatMap(({ contact: c }) =>
    (['email', 'phone', 'url'] as const).flatMap((type) => (c[type] ? [{ id: c.id, contact_type: type, value: c[type], label: contactName(c) }] : [])),
  );
}
