// Contact rules: a contact holds something (an empty one is 422), phones in E.164, and deleting
// one removes its links. Functions take (ctx, input) and run from requests, jobs or imports alike.
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { findEntities, isRegisteredEntityType } from '../../catalog/entities';
import type { ContactEntityType, ContactFilter, ContactPatch, ContactRow, NewContact, Reference } from './contacts.model';
import { assertNotEmpty, normalize } from './contacts.normalize';
import * as q from './contacts.queries';
import * as rq from './references.queries';

export const contactNotFound = (id: string) => new ApiError('NOT_FOUND', `No contact ${id} in this tenant`, { reason: 'contact_not_found', contactId: id });

/** Who a row names as its author: the person (an API key is not one; the audit log names the key). */
export const authorOf = (p: Principal): string | null => (p.kind === 'user' ? p.userId : null);

export const listContacts = (ctx: ServiceContext, f: ContactFilter) => q.listContacts(ctx, f);

export async function getContact(ctx: ServiceContext, id: string): Promise<ContactRow> {
  const row = await q.findContact(ctx, id);
  if (!row) throw contactNotFound(id);
  return row;
}

export async function createContact(ctx: ServiceContext, body: NewContact): Promise<ContactRow> {
  const fields = normalize(body);
  assertNotEmpty(fields);
  const row = await q.insertContact(ctx, fields, authorOf(await ctx.principal()));
  ctx.audit({ action: 'contact.create', resourceType: 'contact', resourceId: row.id });
  return row;
}

export async function updateContact(ctx: ServiceContext, id: string, body: ContactPatch): Promise<ContactRow> {
  // Locked: the emptiness check and the phone's region read the row this update changes.
  const current = await q.findContact(ctx, id, 'update');
  if (!current) throw contactNotFound(id);
  const fields = normalize(body, current);
  assertNotEmpty(fields, current);
  const row = await q.updateContact(ctx, id, fields, authorOf(await ctx.principal()));
  if (!row) throw contactNotFound(id);
  ctx.audit({ action: 'contact.update', resourceType: 'contact', resourceId: id, details: { fields: Object.keys(fields) } });
  return row;
}

export async function deleteContact(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.deleteContact(ctx, id))) throw contactNotFound(id);
  ctx.audit({ action: 'contact.delete', resourceType: 'contact', resourceId: id });
}

/**
 * The entities linked to a contact with their names: the contact, its links and the names of
 * types that registered name SQL in one round trip (references.queries.ts); other registered
 * types are named afterwards, one lookup per type sent together. A link whose entity is gone, or
 * of a type no area serves yet, is left out: it names nothing the caller could open.
 */
export async function contactReferences(ctx: ServiceContext, id: string): Promise<Reference[]> {
  const [contact, rows] = await Promise.all([q.findContact(ctx, id), rq.referencesOfContact(ctx, id)]);
  if (!contact) throw contactNotFound(id);
  const byType = new Map<ContactEntityType, string[]>();
  for (const { link } of rows) {
    if (rq.hasNameSql(link.entityType) || !isRegisteredEntityType(link.entityType)) continue;
    (byType.get(link.entityType) ?? byType.set(link.entityType, []).get(link.entityType)!).push(link.entityId);
  }
  const types = [...byType.keys()];
  const found = await Promise.all(types.map((t) => findEntities(ctx, t, byType.get(t)!)));
  const later = new Map(types.map((t, i) => [t, found[i]!]));
  return rows.flatMap(({ link, name }) => {
    const named = name ?? later.get(link.entityType)?.get(link.entityId)?.name;
    return named ? [{ link, name: named }] : [];
  });
}

/** A name for a contact wherever one is shown (references, the entity registry). */
export function contactName(c: Pick<ContactRow, 'firstName' | 'middleName' | 'lastName' | 'email' | 'phone' | 'url'>): string {
  const full = [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ');
  return full || c.email || c.phone || c.url || 'Contact';
}
