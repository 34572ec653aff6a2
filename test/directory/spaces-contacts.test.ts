// Contacts of spaces: the generic contact link routes on /spaces/{id}/contacts, the space detail's
// `contacts` (read in the detail's one round trip), references naming the space, links dropped
// with the space, who may link, and other tenants' ids in path and body.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contactLinks } from '../../src/db/schema/contacts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { S, call, newSpace } from './spaces-helpers';

const newContact = async (who: SignedIn, json: Record<string, unknown>) => (await api('/api/v1/secure/contacts/', { method: 'POST', headers: who.auth, json })).body.data.id as string;
const linkRows = (tenantId: string) => withDb((db) => db.select().from(contactLinks).where(eq(contactLinks.tenantId, tenantId)));

describe('space contacts', () => {
  it('links, lists, shows them in the detail in one round trip, names the space in references, unlinks', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner, { name: 'Front desk' });
    const desk = await newContact(owner, { firstName: 'Desk', lastName: 'Team', email: 'desk@example.test', phone: '+41446681800' });
    const web = await newContact(owner, { url: 'https://example.test/' });
    const first = await call(owner, 'POST', `/${s.id}/contacts`, { contactId: desk, isPrimary: true });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expectReferenceShape('POST', `${S}/{id}/contacts`, first);
    expect(first.body.data).toMatchObject({ entity_type: 'space', entity_id: s.id, contact_id: desk, is_primary: true });
    expect((await call(owner, 'POST', `/${s.id}/contacts`, { contactId: web })).status).toBe(201);

    const list = await call(owner, 'GET', `/${s.id}/contacts`);
    expectReferenceShape('GET', `${S}/{id}/contacts`, list);
    expect(list.body.data.map((l: { contact_id: string }) => l.contact_id)).toEqual([desk, web]);
    expect(roundTrips(list).roundTrips).toBe(1);

    const detail = await call(owner, 'GET', `/${s.id}`);
    expectReferenceShape('GET', `${S}/{id}`, detail);
    expect(roundTrips(detail).roundTrips).toBe(1);
    expect(detail.body.data.contacts).toEqual([
      { id: desk, contact_type: 'email', value: 'desk@example.test', label: 'Desk Team' },
      { id: desk, contact_type: 'phone', value: '+41446681800', label: 'Desk Team' },
      { id: web, contact_type: 'url', value: 'https://example.test/', label: 'https://example.test/' },
    ]);

    const refs = await api(`/api/v1/secure/contacts/${desk}/references`, { headers: owner.auth });
    expect(refs.body.data).toMatchObject([{ entity_type: 'space', entity_id: s.id, entity_name: 'Front desk', is_primary: true }]);
    expect(roundTrips(refs).roundTrips).toBe(1);

    expect((await call(owner, 'DELETE', `/${s.id}/contacts/${web}`)).status).toBe(204);
    expectError(await call(owner, 'DELETE', `/${s.id}/contacts/${web}`), 404, 'NOT_FOUND');
    expect((await linkRows(owner.tenantId)).map((l) => l.contactId)).toEqual([desk]);
  });

  it('hides contacts from a detail reader without contacts:read; only who may change the space links', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    const c = await newContact(owner, { email: 'x@example.test' });
    await call(owner, 'POST', `/${s.id}/contacts`, { contactId: c });
    const guest = await addMember(owner.tenantId, 'guest');
    const seen = await call(guest, 'GET', `/${s.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.contacts).toEqual([]);
    expectError(await call(guest, 'GET', `/${s.id}/contacts`), 403);
    // A member (no contacts:write), even a manager of the space: 403, nothing written.
    const member = await addMember(owner.tenantId, 'member');
    await call(owner, 'POST', `/${s.id}/members`, { userId: member.userId, role: 'manager' });
    const other = await newContact(owner, { email: 'y@example.test' });
    expectError(await call(member, 'POST', `/${s.id}/contacts`, { contactId: other }), 403);
    expectError(await call(member, 'DELETE', `/${s.id}/contacts/${c}`), 403);
    expect(await linkRows(owner.tenantId)).toHaveLength(1);
    // A tenant manager (contacts:write and spaces:write) may.
    const manager = await addMember(owner.tenantId, 'manager');
    expect((await call(manager, 'POST', `/${s.id}/contacts`, { contactId: other })).status).toBe(201);
  });

  it('rejects bad input and missing credentials with nothing written', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    expectError(await call(owner, 'POST', `/${s.id}/contacts`, { contactId: 'nope' }), 400, 'VALIDATION_ERROR');
    expectError(await call(owner, 'POST', `/${s.id}/contacts`, { contactId: crypto.randomUUID() }), 404);
    expectError(await call(null, 'GET', `/${s.id}/contacts`), 401);
    expectError(await call(null, 'POST', `/${s.id}/contacts`, { contactId: crypto.randomUUID() }), 401);
    expect(await linkRows(owner.tenantId)).toEqual([]);
  });

  it('answers 404 for another tenant’s space or contact, with nothing written', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const sa = await newSpace(a);
    const sb = await newSpace(b);
    const ca = await newContact(a, { email: 'a@example.test' });
    const cb = await newContact(b, { email: 'b@example.test' });
    await call(b, 'POST', `/${sb.id}/contacts`, { contactId: cb });
    expectError(await call(a, 'GET', `/${sb.id}/contacts`), 404);
    expectError(await call(a, 'POST', `/${sb.id}/contacts`, { contactId: ca }), 404);
    expectError(await call(a, 'POST', `/${sa.id}/contacts`, { contactId: cb }), 404);
    expectError(await call(a, 'DELETE', `/${sb.id}/contacts/${cb}`), 404);
    expect(await linkRows(a.tenantId)).toEqual([]);
    expect(await linkRows(b.tenantId)).toHaveLength(1);
  });

  it('drops the space’s contact links when the space is deleted (the contact stays)', async () => {
    const owner = await newTenant();
    const s = await newSpace(owner);
    const c = await newContact(owner, { email: 'gone@example.test' });
    await call(owner, 'POST', `/${s.id}/contacts`, { contactId: c });
    expect((await call(owner, 'DELETE', `/${s.id}`)).status).toBe(204);
    expect(await linkRows(owner.tenantId)).toEqual([]);
    expect((await api(`/api/v1/secure/contacts/${c}`, { headers: owner.auth })).status).toBe(200);
  });
});
