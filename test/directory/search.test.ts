// Global search: ranks, prefixes, accents, translations, every type, permission filtering (roles,
// pending entities, API keys with and without resources.properties), other tenants never appear,
// bad input, and one round trip.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { resources } from '../../src/db/schema/resources';
import { spaces } from '../../src/db/schema/spaces';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { newSpace } from './spaces-helpers';

const find = (who: SignedIn | Record<string, string>, query: string) => api(`/api/v1/secure/search/?${query}`, { headers: 'auth' in who ? (who as SignedIn).auth : (who as Record<string, string>) });
const hits = (res: { body: { data: { type: string; title: string }[] } }) => res.body.data.map((h) => `${h.type}:${h.title}`);
const addResource = (tenantId: string, values: Partial<typeof resources.$inferInsert> & { name: string }) =>
  withDb(async (db) => (await db.insert(resources).values({ tenantId, ...values }).returning())[0]!);

describe('global search', () => {
  it('finds every type by word prefixes, accents and case folded, best match first, in one round trip', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
    const exact = await newSpace(owner, { name: 'Zürich' });
    const longer = await newSpace(owner, { name: 'Zürich Hauptbahnhof', description: 'Main station' });
    const described = await newSpace(owner, { name: 'Lake side', description: 'Close to zurich lake' });
    await newSpace(owner, { name: 'Bern' });
    const room = await addResource(owner.tenantId, { name: 'Zurichsee boat', spaceId: exact.id as string });
    await api('/api/v1/secure/contacts/', { method: 'POST', headers: owner.auth, json: { firstName: 'Zoë', lastName: 'Zurigo', email: 'zoe@example.test' } });
    await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: owner.auth, json: { key: 'zurich-area', name: 'Region Zurich' } });
    await api(`/api/v1/secure/spaces/${exact.id}/tags`, { method: 'POST', headers: owner.auth, json: { tag_name: 'zurich tag' } });

    const res = await find(owner, 'q=zuri');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(roundTrips(res).roundTrips).toBe(1);
    const got = hits(res);
    expect(got).toEqual(expect.arrayContaining(['space:Zürich', 'space:Zürich Hauptbahnhof', 'space:Lake side', 'resource:Zurichsee boat', 'contact:Zoë Zurigo', 'category:Region Zurich', 'tag:zurich tag']));
    expect(got).not.toContain('space:Bern');
    // Names weigh more than descriptions; an exact name first.
    const exactRes = await find(owner, 'q=ZURICH&types=space');
    expect(exactRes.body.data.map((h: { id: string }) => h.id)).toEqual([exact.id, longer.id, described.id]);
    expect(exactRes.body.meta).toEqual({ q: 'ZURICH', types: ['space'], limit: 20 });
    // Every word must match (as a prefix); accents in the query fold too.
    expect(hits(await find(owner, 'q=z%C3%BCr%20haupt'))).toEqual(['space:Zürich Hauptbahnhof']);
    expect(hits(await find(owner, 'q=zoe%20zuri&types=contact'))).toEqual(['contact:Zoë Zurigo']);
    const resource = (await find(owner, 'q=boat&types=resource')).body.data[0];
    expect(resource).toMatchObject({ type: 'resource', id: room.id, spaceId: exact.id, status: 'active' });
    expect((await find(owner, 'q=zuri&limit=2')).body.data).toHaveLength(2);
    // Users of the tenant, by name or email.
    expect((await find(owner, `q=${encodeURIComponent(owner.email.split('@')[0]!)}&types=user`)).body.data.map((h: { id: string }) => h.id)).toEqual([owner.userId]);
  });

  it('matches translations and answers titles in the preferred language', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
    const s = await newSpace(owner, { name: 'Meeting room', language: 'en', translations_i18n: { de: { name: 'Sitzungszimmer' }, fr: { name: 'Salle de réunion' } } });
    const cat = await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: owner.auth, json: { key: 'food', name: 'Food', translations_i18n: { de: { name: 'Essen' } } } });
    expect(cat.status, JSON.stringify(cat.body)).toBe(201);
    const de = await find(owner, 'q=sitzung');
    expect(de.body.data.map((h: { id: string }) => h.id)).toEqual([s.id]);
    expect(de.body.data[0].title).toBe('Meeting room');
    expect((await find(owner, 'q=reunion&preferredLanguage=fr')).body.data[0]).toMatchObject({ id: s.id, title: 'Salle de réunion' });
    expect((await find(owner, 'q=essen&preferredLanguage=de')).body.data).toMatchObject([{ type: 'category', title: 'Essen' }]);
  });

  it('answers only what the caller may read', async () => {
    const owner = await newTenant();
    const open = await newSpace(owner, { name: 'Visible hall' });
    const pending = await newSpace(owner, { name: 'Visible pending' });
    await withDb((db) => db.update(spaces).set({ status: 'pending' }).where(eq(spaces.id, pending.id)));
    await addResource(owner.tenantId, { name: 'Visible pending thing', status: 'pending' });
    await api('/api/v1/secure/contacts/', { method: 'POST', headers: owner.auth, json: { firstName: 'Visible', lastName: 'Person' } });
    // The owner reads it all, pending included.
    expect(hits(await find(owner, 'q=visible')).sort()).toEqual(['contact:Visible Person', 'resource:Visible pending thing', 'space:Visible hall', 'space:Visible pending']);
    // A guest: no contacts, no users, no pending entities.
    const guest = await addMember(owner.tenantId, 'guest');
    const asGuest = await find(guest, 'q=visible');
    expect(hits(asGuest)).toEqual(['space:Visible hall']);
    expect(roundTrips(asGuest).roundTrips).toBe(1);
    expect((await find(guest, `q=${encodeURIComponent(owner.email.split('@')[0]!)}&types=user`)).body.data).toEqual([]);
    // A manager of the pending space sees it.
    const member = await addMember(owner.tenantId, 'member');
    expect(hits(await find(member, 'q=visible&types=space'))).toEqual(['space:Visible hall']);
    await withDb((db) => db.update(spaces).set({ status: 'active' }).where(eq(spaces.id, pending.id)));
    await api(`/api/v1/secure/spaces/${pending.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: member.userId, role: 'manager' } });
    await withDb((db) => db.update(spaces).set({ status: 'pending' }).where(eq(spaces.id, pending.id)));
    expect(hits(await find(member, 'q=visible&types=space')).sort()).toEqual(['space:Visible hall', 'space:Visible pending']);

    // API keys: their permission object decides; resources.properties limits what is matched and shown.
    const key = async (permissions: Record<string, unknown>) =>
      ({ 'x-api-key': (await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: `k${crypto.randomUUID().slice(0, 4)}`, permissions } })).body.fullKey as string });
    const spacesOnly = await key({ spaces: { read: true } });
    const byKey = await find(spacesOnly, 'q=visible');
    expect(byKey.status, JSON.stringify(byKey.body)).toBe(200);
    expect(hits(await find(spacesOnly, 'q=visible'))).toEqual(['space:Visible hall']);
    await addResource(owner.tenantId, { name: 'Visible crate', description: 'secretword inside' });
    const full = await key({ resources: { read: true } });
    expect(hits(await find(full, 'q=secretword'))).toEqual(['resource:Visible crate']);
    const nameOnly = await key({ resources: { read: true, properties: ['name'] } });
    expect(await find(nameOnly, 'q=secretword').then((r) => r.body.data)).toEqual([]);
    expect((await find(nameOnly, 'q=crate')).body.data).toMatchObject([{ title: 'Visible crate', description: null, status: null }]);
    const statusOnly = await key({ resources: { read: true, properties: ['status'] } });
    expect((await find(statusOnly, 'q=crate')).body.data).toEqual([]);
    expect(open.id).toBeTruthy();
  });

  it('never answers another tenant’s entities', async () => {
    const a = await newTenant();
    const b = await newTenant();
    await newSpace(b, { name: 'Foreignword space' });
    await addResource(b.tenantId, { name: 'Foreignword resource' });
    await api('/api/v1/secure/contacts/', { method: 'POST', headers: b.auth, json: { firstName: 'Foreignword' } });
    await api(`/api/v1/secure/taxonomy/categories/`, { method: 'POST', headers: b.auth, json: { key: 'foreignword', name: 'Foreignword' } });
    expect((await find(a, 'q=foreignword')).body.data).toEqual([]);
    expect((await find(a, `q=${encodeURIComponent(b.email.split('@')[0]!)}&types=user`)).body.data).toEqual([]);
    expect((await find(b, 'q=foreignword')).body.data).toHaveLength(4);
  });

  it('refuses bad input and missing credentials', async () => {
    const owner = await newTenant();
    expectError(await find(owner, 'q='), 400, 'VALIDATION_ERROR');
    expectError(await find(owner, 'q=%21%21%21'), 400, 'VALIDATION_ERROR');
    expectError(await find(owner, 'q=x&types=planet'), 400, 'VALIDATION_ERROR');
    expectError(await find(owner, 'q=x&limit=51'), 400, 'VALIDATION_ERROR');
    expectError(await find(owner, `q=${'a'.repeat(201)}`), 400, 'VALIDATION_ERROR');
    // Quotes, operators and backslashes are words to match, never tsquery syntax.
    expect((await find(owner, `q=${encodeURIComponent("a' & | ! :* \\ (b)")}`)).status).toBe(200);
    expectError(await api('/api/v1/secure/search/?q=x'), 401);
  });
});
