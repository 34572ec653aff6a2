// Contacts through the API: create, read, list, update, delete, with phone normalization (E.164),
// the empty-contact rule, invalid input (nothing written), credentials, roles and other tenants.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/access';
import { contacts } from '../../src/db/schema/contacts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const C = '/api/v1/secure/contacts';
const create = (who: SignedIn, json: unknown) => api(`${C}/`, { method: 'POST', headers: who.auth, json });
const patch = (who: SignedIn, id: string, json: unknown) => api(`${C}/${id}`, { method: 'PATCH', headers: who.auth, json });
const rows = (tenantId: string) => withDb((db) => db.select().from(contacts).where(eq(contacts.tenantId, tenantId)));

describe('contacts', () => {
  it('creates, reads, lists, updates and deletes a contact in the reference shapes', async () => {
    const owner = await newTenant();
    const made = await create(owner, {
      firstName: '  Ada ',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      phone: '044 668 18 00',
      url: 'https://example.test/ada',
      address: { street: 'Bahnhofstrasse', street_number: '1', city: 'Zürich', postal_code: '8001', country_code: 'ch', floor: '3' },
      notes: 'Met at the conference',
    });
    expect(made.status).toBe(201);
    expectReferenceShape('POST', `${C}/`, made);
    const c = made.body.data;
    // A national number is read in the address's country; the country code is stored upper case.
    expect(c).toMatchObject({ tenantId: owner.tenantId, first_name: 'Ada', last_name: 'Lovelace', middle_name: null, phone: '+41446681800', created_by: owner.userId, updated_by: owner.userId });
    expect(c.address).toEqual({ street: 'Bahnhofstrasse', street_number: '1', city: 'Zürich', postal_code: '8001', country_code: 'CH', floor: '3' });

    const got = await api(`${C}/${c.id}`, { headers: owner.auth });
    expect(got.status).toBe(200);
    expectReferenceShape('GET', `${C}/{id}`, got);
    expect(got.body.data).toEqual(c);
    expect(roundTrips(got).roundTrips).toBeLessThanOrEqual(1);

    await create(owner, { firstName: 'Grace', lastName: 'Hopper', phone: '+1 202 555 0143' });
    await create(owner, { email: 'only.email@example.test' });
    const all = await api(`${C}/?limit=2`, { headers: owner.auth });
    expect(all.status).toBe(200);
    expectReferenceShape('GET', `${C}/`, all);
    expect(all.body.pagination).toEqual({ total: 3, limit: 2, offset: 0, hasMore: true });
    expect(all.body.data.map((x: { last_name: string | null }) => x.last_name)).toEqual(['Hopper', 'Lovelace']);
    expect(roundTrips(all).roundTrips).toBeLessThanOrEqual(1);
    const page2 = await api(`${C}/?limit=2&offset=2`, { headers: owner.auth });
    expect(page2.body).toMatchObject({ data: [{ email: 'only.email@example.test', last_name: null }], pagination: { total: 3, hasMore: false } });
    const past = await api(`${C}/?offset=10`, { headers: owner.auth });
    expect(past.body).toEqual({ data: [], pagination: { total: 3, limit: 20, offset: 10, hasMore: false } });
    const found = await api(`${C}/?search=${encodeURIComponent('LOVE')}`, { headers: owner.auth });
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // LIKE wildcards are literal.
    expect((await api(`${C}/?search=%25`, { headers: owner.auth })).body.data).toEqual([]);

    // A patch: null clears, a new national phone is read in the stored address's country.
    const changed = await patch(owner, c.id, { notes: null, phone: '079 123 45 67', middleName: 'King' });
    expect(changed.status).toBe(200);
    expectReferenceShape('PATCH', `${C}/{id}`, changed);
    expect(changed.body.data).toMatchObject({ notes: null, phone: '+41791234567', middle_name: 'King', first_name: 'Ada' });
    expect(new Date(changed.body.data.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(c.updated_at).getTime());
    const cleared = await patch(owner, c.id, { address: null });
    expect(cleared.body.data.address).toBeNull();

    const del = await api(`${C}/${c.id}`, { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expectError(await api(`${C}/${c.id}`, { headers: owner.auth }), 404, 'NOT_FOUND');
    expectError(await api(`${C}/${c.id}`, { method: 'DELETE', headers: owner.auth }), 404, 'NOT_FOUND');
    const actions = await withDb((db) => db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.resourceId, c.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(['contact.create', 'contact.delete', 'contact.update', 'contact.update']);
  });

  it('refuses empty contacts with 422 and invalid input with 400 or 422, writing nothing', async () => {
    const owner = await newTenant();
    const empty = await create(owner, {});
    expectError(empty, 422, 'UNPROCESSABLE_ENTITY');
    expect(empty.body.details.reason).toBe('empty_contact');
    expect((await create(owner, { firstName: '   ', notes: '', address: { city: ' ', street: null } })).body.details.reason).toBe('empty_contact');
    for (const body of [
      { email: 'not an email' },
      { url: 'no url' },
      { firstName: 'x'.repeat(101) },
      { notes: 'x'.repeat(2001) },
      { firstName: 'Ada', nickname: 'A' },
      { firstName: 42 },
      { firstName: 'Ada', address: { city: { nested: true } } },
      { firstName: 'Ada', address: { street: 'x'.repeat(1001) } },
      { firstName: 'Ada', address: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) },
      { firstName: 'A\u0000da' },
    ]) {
      expectError(await create(owner, body), 400);
    }
    const phone = await create(owner, { firstName: 'Ada', phone: '12' });
    expectError(phone, 422);
    expect(phone.body.details).toMatchObject({ reason: 'invalid_phone', fields: { phone: expect.any(Array) } });
    // Without a +prefix and without a country to read it in, a number cannot be placed.
    expect((await create(owner, { firstName: 'Ada', phone: '044 668 18 00' })).body.details.reason).toBe('invalid_phone');
    expect((await create(owner, { firstName: 'Ada', address: { country_code: 'XX' } })).body.details.reason).toBe('invalid_country_code');
    expect(await rows(owner.tenantId)).toEqual([]);

    const id = (await create(owner, { firstName: 'Ada' })).body.data.id;
    expectError(await patch(owner, id, {}), 400, 'VALIDATION_ERROR');
    const emptied = await patch(owner, id, { firstName: null });
    expectError(emptied, 422);
    expect(emptied.body.details.reason).toBe('empty_contact');
    expectError(await patch(owner, id, { phone: 'abc' }), 422);
    expectError(await api(`${C}/not-a-uuid`, { headers: owner.auth }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${C}/?limit=101`, { headers: owner.auth }), 400, 'VALIDATION_ERROR');
    const [row] = await rows(owner.tenantId);
    expect(row).toMatchObject({ firstName: 'Ada', phone: null });
  });

  it('needs credentials and the contacts permissions', async () => {
    const owner = await newTenant();
    const id = (await create(owner, { firstName: 'Ada' })).body.data.id;
    expectError(await api(`${C}/`), 401);
    expectError(await api(`${C}/`, { method: 'POST', json: { firstName: 'X' } }), 401);
    expectError(await api(`${C}/${id}`, { headers: { authorization: 'Bearer nope' } }), 401);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(`${C}/`, { headers: guest.auth }), 403);
    const member = await addMember(owner.tenantId, 'member');
    expect((await api(`${C}/${id}`, { headers: member.auth })).status).toBe(200);
    expectError(await create(member, { firstName: 'X' }), 403);
    expectError(await patch(member, id, { firstName: 'X' }), 403);
    expectError(await api(`${C}/${id}`, { method: 'DELETE', headers: member.auth }), 403);
    const manager = await addMember(owner.tenantId, 'manager');
    expect((await create(manager, { firstName: 'By manager' })).status).toBe(201);
    expect((await rows(owner.tenantId)).map((r) => r.firstName).sort()).toEqual(['Ada', 'By manager']);
  });

  it("answers 404 with no data for another tenant's contact and leaves it unchanged", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const id = (await create(a, { firstName: 'Ada', email: 'ada@example.test' })).body.data.id;
    for (const res of [
      await api(`${C}/${id}`, { headers: b.auth }),
      await api(`${C}/${id}/references`, { headers: b.auth }),
      await patch(b, id, { firstName: 'Eve' }),
      await api(`${C}/${id}`, { method: 'DELETE', headers: b.auth }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('ada@example.test');
    }
    expect((await api(`${C}/`, { headers: b.auth })).body.pagination.total).toBe(0);
    const [row] = await rows(a.tenantId);
    expect(row).toMatchObject({ id, firstName: 'Ada' });
  });
});
