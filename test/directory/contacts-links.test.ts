// Contact links of users and contact references: linking, one primary per entity (also under
// concurrent requests), re-linking, unlinking, references with names, the cascade on contact delete,
// who may link, and other tenants' ids in paths and bodies.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/accounts';
import { contactLinks } from '../../src/db/schema/contacts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const C = '/api/v1/secure/contacts';
const U = (userId: string) => `/api/v1/secure/users/${userId}/contacts`;
const newContact = async (who: SignedIn, firstName: string) => (await api(`${C}/`, { method: 'POST', headers: who.auth, json: { firstName, lastName: 'Test' } })).body.data.id as string;
const link = (who: SignedIn, userId: string, json: unknown) => api(U(userId), { method: 'POST', headers: who.auth, json });
const linkRows = (tenantId: string) => withDb((db) => db.select().from(contactLinks).where(eq(contactLinks.tenantId, tenantId)));

describe('user contact links', () => {
  it('links, keeps one primary, re-links, lists and unlinks', async () => {
    const owner = await newTenant();
    const [home, work, other] = [await newContact(owner, 'Home'), await newContact(owner, 'Work'), await newContact(owner, 'Other')];
    const first = await link(owner, owner.userId, { contactId: home, isPrimary: true });
    expect(first.status).toBe(201);
    expectReferenceShape('POST', '/api/v1/secure/users/{id}/contacts', first);
    expect(first.body.data).toMatchObject({ tenantId: owner.tenantId, entity_type: 'user', entity_id: owner.userId, contact_id: home, is_primary: true, contact: { id: home, first_name: 'Home' } });
    expect((await link(owner, owner.userId, { contactId: other })).body.data.is_primary).toBe(false);

    // A new primary demotes the old one.
    const second = await link(owner, owner.userId, { contactId: work, isPrimary: true });
    expect(second.body.data.is_primary).toBe(true);
    const listed = await api(U(owner.userId), { headers: owner.auth });
    expect(listed.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/users/{id}/contacts', listed);
    expect(listed.body.data.map((l: { contact_id: string; is_primary: boolean }) => [l.contact_id, l.is_primary])).toEqual([
      [work, true],
      [home, false],
      [other, false],
    ]);
    expect(roundTrips(listed).roundTrips).toBeLessThanOrEqual(1);

    // Re-linking answers the same link; its flag changes only when isPrimary is given.
    const again = await link(owner, owner.userId, { contactId: work });
    expect(again.status).toBe(201);
    expect(again.body.data).toMatchObject({ id: second.body.data.id, is_primary: true });
    expect((await link(owner, owner.userId, { contactId: work, isPrimary: false })).body.data.is_primary).toBe(false);
    expect((await linkRows(owner.tenantId)).filter((l) => l.isPrimary)).toEqual([]);

    const un = await api(`${U(owner.userId)}/${other}`, { method: 'DELETE', headers: owner.auth });
    expect(un.status).toBe(204);
    expectError(await api(`${U(owner.userId)}/${other}`, { method: 'DELETE', headers: owner.auth }), 404, 'NOT_FOUND');
    expect((await linkRows(owner.tenantId)).map((l) => l.contactId).sort()).toEqual([home, work].sort());
    // The contact itself stays.
    expect((await api(`${C}/${other}`, { headers: owner.auth })).status).toBe(200);
  });

  it('keeps exactly one primary when primaries are set concurrently', async () => {
    const owner = await newTenant();
    const ids = await Promise.all(['A', 'B', 'C', 'D'].map((n) => newContact(owner, n)));
    const results = await Promise.all(ids.map((contactId) => link(owner, owner.userId, { contactId, isPrimary: true })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const links = await linkRows(owner.tenantId);
    expect(links).toHaveLength(4);
    expect(links.filter((l) => l.isPrimary)).toHaveLength(1);
  });

  it('never answers 500 when a contact is deleted while it is being linked', async () => {
    const owner = await newTenant();
    for (let i = 0; i < 3; i++) {
      const contactId = await newContact(owner, `Race ${i}`);
      const [linked, deleted] = await Promise.all([link(owner, owner.userId, { contactId, isPrimary: true }), api(`${C}/${contactId}`, { method: 'DELETE', headers: owner.auth })]);
      expect([201, 404]).toContain(linked.status);
      expect(deleted.status).toBe(204);
    }
    expect(await linkRows(owner.tenantId)).toEqual([]);
  });

  it('resolves references with entity names in one round trip; deleting a contact removes its links', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    await withDb((db) => db.update(users).set({ displayName: 'Member Person' }).where(eq(users.id, member.userId)));
    const shared = await newContact(owner, 'Shared');
    await link(owner, owner.userId, { contactId: shared, isPrimary: true });
    await link(owner, member.userId, { contactId: shared });
    const refs = await api(`${C}/${shared}/references`, { headers: owner.auth });
    expect(refs.status).toBe(200);
    expectReferenceShape('GET', `${C}/{id}/references`, refs);
    expect(refs.body.data.map((r: { entity_id: string; entity_name: string; is_primary: boolean }) => [r.entity_id, r.entity_name, r.is_primary])).toEqual([
      [member.userId, 'Member Person', false],
      [owner.userId, owner.email, true],
    ]);
    expect(roundTrips(refs).roundTrips).toBeLessThanOrEqual(1);
    // A reader (contacts:read) sees them too.
    expect((await api(`${C}/${shared}/references`, { headers: member.auth })).body.data).toHaveLength(2);
    // A user who left the tenant names nothing here any more.
    await withDb((db) => db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, member.userId)));
    expect((await api(`${C}/${shared}/references`, { headers: owner.auth })).body.data.map((r: { entity_id: string }) => r.entity_id)).toEqual([owner.userId]);

    expect((await api(`${C}/${shared}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expect(await linkRows(owner.tenantId)).toEqual([]);
    expect((await api(U(owner.userId), { headers: owner.auth })).body.data).toEqual([]);
  });

  it('needs credentials, contacts permissions and the right to change the user', async () => {
    const owner = await newTenant();
    const contactId = await newContact(owner, 'Ada');
    expectError(await api(U(owner.userId)), 401);
    expectError(await api(U(owner.userId), { method: 'POST', json: { contactId } }), 401);
    expectError(await api(`${U(owner.userId)}/${contactId}`, { method: 'DELETE' }), 401);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(U(owner.userId), { headers: guest.auth }), 403);
    const member = await addMember(owner.tenantId, 'member');
    expect((await api(U(owner.userId), { headers: member.auth })).status).toBe(200);
    expectError(await link(member, member.userId, { contactId }), 403);
    // A manager may link contacts to themselves, not to other people (users:write).
    const manager = await addMember(owner.tenantId, 'manager');
    expect((await link(manager, manager.userId, { contactId })).status).toBe(201);
    const refused = await link(manager, owner.userId, { contactId });
    expectError(refused, 403, 'FORBIDDEN');
    expect(refused.body.details.reason).toBe('entity_not_writable');
    expect((await api(`${U(manager.userId)}/${contactId}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
  });

  it('refuses invalid input with 400 and writes nothing', async () => {
    const owner = await newTenant();
    const contactId = await newContact(owner, 'Ada');
    for (const body of [{}, { contactId: 'nope' }, { contactId, isPrimary: 'yes' }, { contactId, extra: 1 }]) {
      expectError(await link(owner, owner.userId, body), 400, 'VALIDATION_ERROR');
    }
    expectError(await link(owner, 'not-a-uuid', { contactId }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${U(owner.userId)}/not-a-uuid`, { method: 'DELETE', headers: owner.auth }), 400, 'VALIDATION_ERROR');
    // Unknown ids: 404.
    expectError(await link(owner, crypto.randomUUID(), { contactId }), 404, 'NOT_FOUND');
    expectError(await link(owner, owner.userId, { contactId: crypto.randomUUID() }), 404, 'NOT_FOUND');
    expect(await linkRows(owner.tenantId)).toEqual([]);
  });

  it("answers 404 with no data for another tenant's users and contacts, in paths and bodies", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const aContact = await newContact(a, 'Ada');
    const bContact = await newContact(b, 'Bob');
    await link(a, a.userId, { contactId: aContact, isPrimary: true });
    // B reading or changing A's user; B linking A's contact to B's own user; A's contact in B's unlink path.
    for (const res of [
      await api(U(a.userId), { headers: b.auth }),
      await link(b, a.userId, { contactId: bContact }),
      await link(b, b.userId, { contactId: aContact }),
      await api(`${U(a.userId)}/${aContact}`, { method: 'DELETE', headers: b.auth }),
      await api(`${U(b.userId)}/${aContact}`, { method: 'DELETE', headers: b.auth }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('Ada');
    }
    const aLinks = await linkRows(a.tenantId);
    expect(aLinks.map((l) => [l.contactId, l.entityId, l.isPrimary])).toEqual([[aContact, a.userId, true]]);
    expect(await linkRows(b.tenantId)).toEqual([]);
    expect(await withDb((db) => db.select().from(contactLinks).where(and(eq(contactLinks.entityId, a.userId), eq(contactLinks.contactId, bContact))))).toEqual([]);
  });
});
