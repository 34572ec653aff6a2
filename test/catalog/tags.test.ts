// Taxonomy tags through the API: normalization, linking (implicit creation, re-linking, entity
// checks), auto-delete on the last unlink, curation (admin only), translations, cloud, reads.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { tagLinks, tags } from '../../src/db/schema/tags';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const T = '/api/v1/secure/taxonomy/tags';
const post = (path: string, auth: Record<string, string>, json?: unknown) => api(`${T}${path}`, { method: 'POST', headers: auth, ...(json !== undefined && { json }) });
const link = (who: SignedIn, tag_name: string, entity_id = who.tenantId, entity_type = 'tenant') => post('/link', who.auth, { tag_name, entity_type, entity_id });
const tagRows = (tenantId: string) => withDb((db) => db.select().from(tags).where(eq(tags.tenantId, tenantId)));
const linkRows = (tenantId: string) => withDb((db) => db.select().from(tagLinks).where(eq(tagLinks.tenantId, tenantId)));
const newGroup = async (who: SignedIn, name: string) => (await api('/api/v1/secure/groups/create', { method: 'POST', headers: who.auth, json: { name } })).body.data.id as string;

describe('linking and normalization', () => {
  it('creates a tag on first link, dedupes spellings, re-links to the same link, and keeps the first display name', async () => {
    const owner = await newTenant();
    const first = await link(owner, '  Meeting   Room ');
    expect(first.status).toBe(201);
    expectReferenceShape('POST', `${T}/link`, first);
    expect(first.body.data).toMatchObject({ entity_type: 'tenant', entity_id: owner.tenantId, tenantId: owner.tenantId, created_by: owner.userId });
    const again = await link(owner, 'meeting room');
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);
    const rows = await tagRows(owner.tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'meeting room', displayName: 'Meeting Room', usageCount: 1, persistent: false, ownerType: 'user', ownerId: owner.userId, language: 'en' });

    // Unicode: lowercase beyond ASCII, NFC (composed and decomposed é are one tag).
    await link(owner, 'ÉTÉ');
    await link(owner, 'e\u0301te\u0301');
    const names = (await tagRows(owner.tenantId)).map((t) => t.name).sort();
    expect(names).toEqual(['meeting room', 'été']);

    const got = await api(`${T}/${first.body.data.tag_id}`, { headers: owner.auth });
    expectReferenceShape('GET', `${T}/{id}`, got);
    expect(got.body.data).toMatchObject({ name: 'meeting room', display_name: 'Meeting Room', usage_count: 1, translations_i18n: {} });
  });

  it('bulk links all or nothing, answering links in the order given', async () => {
    const owner = await newTenant();
    const group = await newGroup(owner, 'Ops');
    const res = await post('/link/bulk', owner.auth, { tag_names: ['Beta', 'alpha', 'BETA ', 'Gamma'], entity_type: 'group', entity_id: group });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', `${T}/link/bulk`, res);
    expect(res.body.data).toHaveLength(3);
    const byId = new Map((await tagRows(owner.tenantId)).map((t) => [t.id, t.name]));
    expect(res.body.data.map((l: { tag_id: string }) => byId.get(l.tag_id))).toEqual(['beta', 'alpha', 'gamma']);
    // One bad name: 400, nothing written.
    expectError(await post('/link/bulk', owner.auth, { tag_names: ['delta', ' \u200b '], entity_type: 'group', entity_id: group }), 400, 'VALIDATION_ERROR');
    expectError(await post('/link/bulk', owner.auth, { tag_names: [], entity_type: 'group', entity_id: group }), 400);
    expectError(await post('/link/bulk', owner.auth, { tag_names: Array.from({ length: 51 }, (_, i) => `t${i}`), entity_type: 'group', entity_id: group }), 400);
    expect((await tagRows(owner.tenantId)).map((t) => t.name).sort()).toEqual(['alpha', 'beta', 'gamma']);
    const ent = await api(`${T}/entity?entity_type=group&entity_id=${group}`, { headers: owner.auth });
    expectReferenceShape('GET', `${T}/entity`, ent);
    expect(ent.body.data.map((t: { name: string }) => t.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(roundTrips(ent).roundTrips).toBeLessThanOrEqual(1);
  });

  it('refuses invalid input with 400 and writes nothing', async () => {
    const owner = await newTenant();
    for (const body of [
      { tag_name: '', entity_type: 'tenant', entity_id: owner.tenantId },
      { tag_name: 'x'.repeat(101), entity_type: 'tenant', entity_id: owner.tenantId },
      { tag_name: 'a\u0007b', entity_type: 'tenant', entity_id: owner.tenantId },
      { tag_name: '   ', entity_type: 'tenant', entity_id: owner.tenantId },
      { tag_name: 'ok', entity_type: 'planet', entity_id: owner.tenantId },
      { tag_name: 'ok', entity_type: 'tenant', entity_id: 'nope' },
    ]) {
      expectError(await post('/link', owner.auth, body), 400, 'VALIDATION_ERROR');
    }
    expectError(await post('/link', owner.auth, { tag_name: 'a\u0000b', entity_type: 'tenant', entity_id: owner.tenantId }), 400);
    expect(await tagRows(owner.tenantId)).toEqual([]);
  });

  it("needs write permission on the entity; another tenant's or unknown entities are 404 with nothing written", async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const otherGroup = await newGroup(other, 'Theirs');
    const member = await addMember(owner.tenantId, 'member');
    expectError(await link(owner, 'x', other.tenantId), 404, 'NOT_FOUND');
    expectError(await link(owner, 'x', otherGroup, 'group'), 404, 'NOT_FOUND');
    expectError(await link(owner, 'x', crypto.randomUUID(), 'space'), 404, 'NOT_FOUND');
    const denied = await link(member, 'x');
    expectError(denied, 403, 'FORBIDDEN');
    expect(denied.body.details.reason).toBe('entity_not_writable');
    expect(await tagRows(owner.tenantId)).toEqual([]);
    expect(await tagRows(other.tenantId)).toEqual([]);
    expectError(await api(`${T}/link`, { method: 'POST', json: { tag_name: 'x', entity_type: 'tenant', entity_id: owner.tenantId } }), 401);
  });
});

describe('unlink and the tag lifecycle', () => {
  it('the last unlink deletes a non-persistent tag; a persistent one stays; unknown links are 404', async () => {
    const owner = await newTenant();
    const group = await newGroup(owner, 'G');
    const l1 = (await link(owner, 'temp')).body.data;
    await link(owner, 'temp', group, 'group');
    const unlink = (id: string, entity_type: string, entity_id: string) => api(`${T}/${id}/unlink`, { method: 'DELETE', headers: owner.auth, json: { entity_type, entity_id } });
    expect((await unlink(l1.tag_id, 'tenant', owner.tenantId)).status).toBe(204);
    expect((await tagRows(owner.tenantId))[0]!.usageCount).toBe(1);
    expectError(await unlink(l1.tag_id, 'tenant', owner.tenantId), 404);
    expect((await unlink(l1.tag_id, 'group', group)).status).toBe(204);
    expect(await tagRows(owner.tenantId)).toEqual([]);
    expectError(await api(`${T}/${l1.tag_id}`, { headers: owner.auth }), 404);

    const kept = (await link(owner, 'kept')).body.data;
    const up = await api(`${T}/${kept.tag_id}/upgrade`, { method: 'PATCH', headers: owner.auth });
    expectReferenceShape('PATCH', `${T}/{id}/upgrade`, up);
    expect(up.body.data.persistent).toBe(true);
    expect((await unlink(kept.tag_id, 'tenant', owner.tenantId)).status).toBe(204);
    expect(await tagRows(owner.tenantId)).toMatchObject([{ name: 'kept', usageCount: 0, persistent: true }]);
    expectError(await unlink(kept.tag_id, 'tenant', crypto.randomUUID()), 404);
  });

  it('cleanup deletes only unlinked non-persistent tags; bulk update is all or nothing', async () => {
    const owner = await newTenant();
    const manager = await addMember(owner.tenantId, 'manager');
    const a = (await link(owner, 'a')).body.data.tag_id;
    const b = (await link(owner, 'b')).body.data.tag_id;
    // An orphan as an old row would be (written directly): cleanup is its garbage collector.
    await withDb((db) => db.insert(tags).values({ tenantId: owner.tenantId, name: 'orphan', displayName: 'Orphan', language: 'en', ownerId: owner.userId, ownerType: 'user' }));
    const bad = await post('/bulk-update', owner.auth, { updates: [{ id: a, persistent: true }, { id: crypto.randomUUID(), persistent: true }] });
    expectError(bad, 404);
    expectError(await post('/bulk-update', owner.auth, { updates: [{ id: a, persistent: true }, { id: a, persistent: false }] }), 422);
    expect((await tagRows(owner.tenantId)).filter((t) => t.persistent)).toEqual([]);
    expectError(await post('/bulk-update', manager.auth, { updates: [{ id: a, persistent: true }] }), 403);
    const ok = await post('/bulk-update', owner.auth, { updates: [{ id: b, persistent: true }, { id: a }] });
    expect(ok.status).toBe(200);
    expectReferenceShape('POST', `${T}/bulk-update`, ok);
    expect(ok.body.data.map((t: { id: string; persistent: boolean }) => [t.id, t.persistent])).toEqual([[b, true], [a, false]]);
    expectError(await post('/cleanup', manager.auth), 403);
    const clean = await post('/cleanup', owner.auth);
    expect(clean.body).toEqual({ data: { deleted_count: 1 } });
    expect((await tagRows(owner.tenantId)).map((t) => t.name).sort()).toEqual(['a', 'b']);
  });

  it('curated tags: admin only, owned by the caller or a tenant group (404 for another tenant\'s), 409 on a taken name', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const manager = await addMember(owner.tenantId, 'manager');
    const admin = await addMember(owner.tenantId, 'admin');
    const group = await newGroup(owner, 'Curators');
    const theirs = await newGroup(other, 'Theirs');
    const res = await post('/curated', admin.auth, { tag_name: 'Official', group_id: group });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', `${T}/curated`, res);
    expect(res.body.data).toMatchObject({ name: 'official', display_name: 'Official', persistent: true, owner_type: 'group', owner_id: group, usage_count: 0 });
    const mine = await post('/curated', owner.auth, { tag_name: 'Mine' });
    expect(mine.body.data).toMatchObject({ owner_type: 'user', owner_id: owner.userId });
    expectError(await post('/curated', owner.auth, { tag_name: 'OFFICIAL ' }), 409, 'CONFLICT');
    expectError(await post('/curated', owner.auth, { tag_name: 'x', group_id: theirs }), 404);
    expectError(await post('/curated', manager.auth, { tag_name: 'x' }), 403);
    expectError(await post('/curated', owner.auth, { tag_name: 'x', extra: 1, group_id: 'no' }), 400);
    expect((await tagRows(owner.tenantId)).map((t) => t.name).sort()).toEqual(['mine', 'official']);
    // Delete: admin only; links go with the tag.
    const id = res.body.data.id;
    await link(owner, 'official');
    expectError(await api(`${T}/${id}`, { method: 'DELETE', headers: manager.auth }), 403);
    expect((await api(`${T}/${id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expect(await linkRows(owner.tenantId)).toEqual([]);
    expectError(await api(`${T}/${id}`, { method: 'DELETE', headers: owner.auth }), 404);
  });
});

describe('translations, list, cloud and reverse lookup', () => {
  it('sets several locales at once, never the base language, only tenant languages', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
    const id = (await link(owner, 'Room')).body.data.tag_id;
    const patch = (translations: unknown) => api(`${T}/${id}/translations`, { method: 'PATCH', headers: owner.auth, json: { translations } });
    const ok = await patch([{ locale: 'de', name: 'Raum' }, { locale: 'fr', name: 'Salle' }]);
    expect(ok.status).toBe(200);
    expectReferenceShape('PATCH', `${T}/{id}/translations`, ok);
    expect(ok.body.data.translations_i18n).toEqual({ de: { name: 'Raum' }, fr: { name: 'Salle' } });
    const base = await patch([{ locale: 'en', name: 'Room' }]);
    expectError(base, 422);
    expect(base.body.details.reason).toBe('translation_is_base_language');
    expectError(await patch([{ locale: 'it', name: 'Sala' }]), 422);
    expectError(await patch([{ locale: 'de', name: 'A' }, { locale: 'de', name: 'B' }]), 422);
    expectError(await patch([{ locale: 'de', name: '' }]), 400);
    expect((await patch([{ locale: 'de', name: 'Zimmer' }])).body.data.translations_i18n).toEqual({ de: { name: 'Zimmer' }, fr: { name: 'Salle' } });
    const list = await api(`${T}/?language=de`, { headers: owner.auth });
    expectReferenceShape('GET', `${T}/`, list);
    expect(list.body).toMatchObject({ returnedCount: 1, total: 1, data: [{ name: 'room', display_name: 'Zimmer' }] });
  });

  it('lists with search and paging, the cloud by usage, and the links of a tag (one round trip each)', async () => {
    const owner = await newTenant();
    const g1 = await newGroup(owner, 'g1');
    const g2 = await newGroup(owner, 'g2');
    await post('/link/bulk', owner.auth, { tag_names: ['popular', 'middle', 'rare'], entity_type: 'tenant', entity_id: owner.tenantId });
    await post('/link/bulk', owner.auth, { tag_names: ['popular', 'middle'], entity_type: 'group', entity_id: g1 });
    await post('/link/bulk', owner.auth, { tag_names: ['popular', '50%_off'], entity_type: 'group', entity_id: g2 });
    const list = await api(`${T}/?limit=2&offset=1`, { headers: owner.auth });
    expect(list.body).toMatchObject({ returnedCount: 2, total: 4 });
    expect(list.body.data.map((t: { name: string }) => t.name)).toEqual(['middle', 'popular']);
    expect((await api(`${T}/?search=%25`, { headers: owner.auth })).body.data.map((t: { name: string }) => t.name)).toEqual(['50%_off']);
    const cloud = await api(`${T}/cloud?limit=3`, { headers: owner.auth });
    expectReferenceShape('GET', `${T}/cloud`, cloud);
    expect(cloud.body.data.map((c: { tag_name: string; count: number }) => [c.tag_name, c.count])).toEqual([['popular', 3], ['middle', 2], ['50%_off', 1]]);
    expect(roundTrips(cloud).roundTrips).toBeLessThanOrEqual(1);
    const popular = cloud.body.data[0].tag_id;
    const ents = await api(`${T}/${popular}/entities?entity_type=group`, { headers: owner.auth });
    expectReferenceShape('GET', `${T}/{id}/entities`, ents);
    expect(ents.body.data.map((l: { entity_id: string }) => l.entity_id).sort()).toEqual([g1, g2].sort());
    expect(roundTrips(ents).roundTrips).toBeLessThanOrEqual(1);
    const mine = await api(`${T}/entity?entity_type=tenant&entity_id=${owner.tenantId}`, { headers: owner.auth });
    expect(mine.body.data.map((t: { name: string }) => t.name)).toEqual(['middle', 'popular', 'rare']);
    expectError(await api(`${T}/entity?entity_type=group`, { headers: owner.auth }), 400);
    expectError(await api(`${T}/entity`, { headers: owner.auth }), 400);
    expectError(await api(`${T}/?limit=0`, { headers: owner.auth }), 400);
  });

  it("answers 404 with no data for another tenant's tags", async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const id = (await link(owner, 'secret')).body.data.tag_id;
    for (const res of [
      await api(`${T}/${id}`, { headers: other.auth }),
      await api(`${T}/${id}/entities`, { headers: other.auth }),
      await api(`${T}/${id}/upgrade`, { method: 'PATCH', headers: other.auth }),
      await api(`${T}/${id}/translations`, { method: 'PATCH', headers: other.auth, json: { translations: [] } }),
      await api(`${T}/${id}`, { method: 'DELETE', headers: other.auth }),
      await api(`${T}/${id}/unlink`, { method: 'DELETE', headers: other.auth, json: { entity_type: 'tenant', entity_id: other.tenantId } }),
      await post('/bulk-update', other.auth, { updates: [{ id, persistent: true }] }),
      await api(`${T}/entity?entity_type=tenant&entity_id=${owner.tenantId}`, { headers: other.auth }),
    ]) {
      expectError(res, 404);
      expect(JSON.stringify(res.body)).not.toContain('secret');
    }
    expect((await api(`${T}/`, { headers: other.auth })).body.data).toEqual([]);
    expect((await api(`${T}/cloud`, { headers: other.auth })).body.data).toEqual([]);
    expect(await withDb((db) => db.select().from(tags).where(and(eq(tags.id, id), eq(tags.persistent, false))))).toHaveLength(1);
  });
});
