import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { categories } from '../../src/db/schema/categories';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const C = '/api/v1/secure/taxonomy/categories';

async function tenantWithLanguages(): Promise<SignedIn> {
  const owner = await newTenant();
  await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
  return owner;
}
const create = (as: SignedIn, json: Record<string, unknown>) => api(`${C}/`, { method: 'POST', headers: as.auth, json });
async function make(as: SignedIn, key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await create(as, { key, name: `Name ${key}`, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}
const count = (tenantId: string) => withDb((db) => db.select().from(categories).where(eq(categories.tenantId, tenantId))).then((r) => r.length);

describe('categories: create, read, update', () => {
  it('creates with the tenant default language, levels from the parent, translations; reads localized', async () => {
    const owner = await tenantWithLanguages();
    const res = await create(owner, { key: 'rooms', name: 'Rooms', description: 'All rooms', translations_i18n: { de: { name: 'Räume' } } });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', `${C}/`, res);
    expect(res.body.data).toMatchObject({ key: 'rooms', level: 0, parent_id: null, language: 'en', usage_count: 0, created_by: owner.userId, translations_i18n: { de: { name: 'Räume', description: null } } });
    const t = roundTrips(res);
    console.log(`create: ${t.roundTrips} round trips (+${t.connect} to connect)`);
    const child = await make(owner, 'meeting-rooms', { parent_id: res.body.data.id });
    const grandchild = await make(owner, 'small', { parent_id: child });

    const got = await api(`${C}/${grandchild}`, { headers: owner.auth });
    expectReferenceShape('GET', `${C}/{id}`, got);
    expect(got.body.data).toMatchObject({ level: 2, parent_id: child });
    expect(roundTrips(got).roundTrips).toBe(1);

    const de = await api(`${C}/?preferredLanguage=de`, { headers: owner.auth });
    expectReferenceShape('GET', `${C}/`, de);
    expect(de.body).toMatchObject({ returnedCount: 3, total: 3 });
    expect(de.body.data.map((c: { name: string }) => c.name)).toEqual(['Räume', 'Name meeting-rooms', 'Name small']);
    expect(roundTrips(de).roundTrips).toBe(1);
    // Accept-Language picks the language too; a language without translation falls back.
    const fr = await api(`${C}/?roots=true`, { headers: { ...owner.auth, 'accept-language': 'fr-CH, de;q=0.5' } });
    expect(fr.body.data.map((c: { name: string }) => c.name)).toEqual(['Rooms']);
    const children = await api(`${C}/?parent_id=${res.body.data.id}&limit=1`, { headers: owner.auth });
    expect(children.body).toMatchObject({ returnedCount: 1, total: 1 });

    const tree = await api(`${C}/tree?preferredLanguage=de`, { headers: owner.auth });
    expectReferenceShape('GET', `${C}/tree`, tree);
    expect(roundTrips(tree).roundTrips).toBe(1);
    expect(tree.body.data).toHaveLength(1);
    expect(tree.body.data[0]).toMatchObject({ key: 'rooms', name: 'Räume', children: [{ key: 'meeting-rooms', children: [{ key: 'small', level: 2, children: [] }] }] });
  });

  it('409 on a taken key; 400 on a bad key, unknown fields stay open but types are checked; nothing written', async () => {
    const owner = await tenantWithLanguages();
    await make(owner, 'dup');
    const again = await create(owner, { key: 'dup', name: 'Again' });
    expectError(again, 409, 'CONFLICT');
    expect(again.body.details.reason).toBe('key_taken');
    expectError(await create(owner, { key: 'Not Valid', name: 'x' }), 400, 'VALIDATION_ERROR');
    expectError(await create(owner, { key: 'ok', name: '' }), 400, 'VALIDATION_ERROR');
    expectError(await create(owner, { key: 'ok', name: 'x'.repeat(201) }), 400, 'VALIDATION_ERROR');
    expectError(await create(owner, { key: 'ok', name: 'x', parent_id: 'nope' }), 400, 'VALIDATION_ERROR');
    expectError(await create(owner, { key: 'ok', name: 'x', language: 'xx-yyy' }), 400, 'VALIDATION_ERROR');
    expect(await count(owner.tenantId)).toBe(1);
    // Another tenant may use the same key.
    expect((await create(await newTenant(), { key: 'dup', name: 'Mine' })).status).toBe(201);
  });

  it('422 when translations include the base language or a language the tenant lacks', async () => {
    const owner = await tenantWithLanguages();
    const base = await create(owner, { key: 'a', name: 'A', translations_i18n: { en: { name: 'A' } } });
    expectError(base, 422, 'UNPROCESSABLE_ENTITY');
    expect(base.body.details.reason).toBe('translation_is_base_language');
    const deBase = await create(owner, { key: 'b', name: 'B', language: 'de', translations_i18n: { de: { name: 'B' } } });
    expect(deBase.body.details.reason).toBe('translation_is_base_language');
    const missing = await create(owner, { key: 'c', name: 'C', translations_i18n: { it: { name: 'C' } } });
    expectError(missing, 422);
    expect(missing.body.details.reason).toBe('language_not_enabled');
    expect(await count(owner.tenantId)).toBe(0);

    const id = await make(owner, 'd', { language: 'de', translations_i18n: { en: { name: 'D en' } } });
    const upsert = await api(`${C}/${id}/i18n`, { method: 'PATCH', headers: owner.auth, json: { locale: 'fr', name: 'D fr', description: 'fr' } });
    expect(upsert.status).toBe(200);
    expectReferenceShape('PATCH', `${C}/{id}/i18n`, upsert);
    expect(upsert.body.data).toMatchObject({ category_id: id, locale: 'fr', name: 'D fr', description: 'fr' });
    const again = await api(`${C}/${id}/i18n`, { method: 'PATCH', headers: owner.auth, json: { locale: 'fr', name: 'D fr 2' } });
    expect(again.body.data).toMatchObject({ id: upsert.body.data.id, name: 'D fr 2', description: null });
    const onBase = await api(`${C}/${id}/i18n`, { method: 'PATCH', headers: owner.auth, json: { locale: 'de', name: 'D' } });
    expectError(onBase, 422);
    expect(onBase.body.details.reason).toBe('translation_is_base_language');
    expectError(await api(`${C}/${id}/i18n`, { method: 'PATCH', headers: owner.auth, json: { locale: 'es', name: 'D' } }), 400, 'VALIDATION_ERROR');
    // Making `en` the base language while an `en` translation exists is refused; replacing the translations allows it.
    const swap = await api(`${C}/${id}`, { method: 'PATCH', headers: owner.auth, json: { language: 'en' } });
    expect(swap.body.details.reason).toBe('translation_is_base_language');
    const ok = await api(`${C}/${id}`, { method: 'PATCH', headers: owner.auth, json: { language: 'en', name: 'D', translations_i18n: { de: { name: 'D de' } } } });
    expect(ok.status).toBe(200);
    expectReferenceShape('PATCH', `${C}/{id}`, ok);
    expect(ok.body.data).toMatchObject({ language: 'en', name: 'D', translations_i18n: { de: { name: 'D de', description: null } } });
    expect(Object.keys(ok.body.data.translations_i18n)).toEqual(['de']);
  });

  it('re-parenting moves the whole subtree, refuses cycles and depth past 10 (422), nothing written', async () => {
    const owner = await tenantWithLanguages();
    const a = await make(owner, 'a');
    const b = await make(owner, 'b', { parent_id: a });
    const c = await make(owner, 'c', { parent_id: b });
    const x = await make(owner, 'x');
    const moved = await api(`${C}/${b}`, { method: 'PATCH', headers: owner.auth, json: { parent_id: x } });
    expect(moved.body.data).toMatchObject({ parent_id: x, level: 1 });
    const y = await make(owner, 'y', { parent_id: x });
    await api(`${C}/${x}`, { method: 'PATCH', headers: owner.auth, json: { parent_id: a } });
    const levels = async () => Object.fromEntries((await api(`${C}/`, { headers: owner.auth })).body.data.map((r: { key: string; level: number }) => [r.key, r.level]));
    expect(await levels()).toEqual({ a: 0, x: 1, b: 2, y: 2, c: 3 });

    for (const [id, parent] of [[a, c], [b, b], [x, c]] as const) {
      const res = await api(`${C}/${id}`, { method: 'PATCH', headers: owner.auth, json: { parent_id: parent, name: 'changed' } });
      expectError(res, 422, 'UNPROCESSABLE_ENTITY');
      expect(res.body.details.reason).toBe('category_cycle');
    }
    // A chain down to level 10 is fine; one more level is not, neither by create nor by moving a subtree under it.
    let parent = c;
    for (let i = 4; i <= 10; i++) parent = await make(owner, `deep-${i}`, { parent_id: parent });
    const tooDeep = await create(owner, { key: 'deep-11', name: 'x', parent_id: parent });
    expectError(tooDeep, 422);
    expect(tooDeep.body.details).toMatchObject({ reason: 'category_too_deep', maxLevel: 10, level: 11 });
    const moveUnder = await api(`${C}/${y}`, { method: 'PATCH', headers: owner.auth, json: { parent_id: parent } });
    expect(moveUnder.body.details.reason).toBe('category_too_deep');
    const before = await levels();
    expect(before['deep-10']).toBe(10);
    expect(before.a).toBe(0);
    // Back to a root: the subtree's levels follow.
    await api(`${C}/${b}`, { method: 'PATCH', headers: owner.auth, json: { parent_id: null } });
    const after = await levels();
    expect(after).toMatchObject({ b: 0, c: 1, 'deep-4': 2, 'deep-10': 8, x: 1, y: 2 });
    const rename = await api(`${C}/${c}`, { method: 'PATCH', headers: owner.auth, json: { key: 'a' } });
    expectError(rename, 409);
  });

  it('401 without credentials, 403 for a manager on admin-only routes; managers read', async () => {
    const owner = await tenantWithLanguages();
    const id = await make(owner, 'k');
    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await api(`${C}/`), 401, 'UNAUTHORIZED');
    expectError(await api(`${C}/${id}`, { method: 'PATCH', json: { name: 'x' } }), 401);
    expectError(await create(manager, { key: 'm', name: 'M' }), 403, 'FORBIDDEN');
    expectError(await api(`${C}/${id}`, { method: 'PATCH', headers: manager.auth, json: { name: 'x' } }), 403);
    expectError(await api(`${C}/${id}`, { method: 'DELETE', headers: manager.auth, json: {} }), 403);
    expectError(await api(`${C}/${id}/i18n`, { method: 'PATCH', headers: manager.auth, json: { locale: 'de', name: 'x' } }), 403);
    expect((await api(`${C}/${id}`, { headers: manager.auth })).status).toBe(200);
    expect(await count(owner.tenantId)).toBe(1);
  });

  it("another tenant's ids are 404 with nothing of them: path, parent_id", async () => {
    const owner = await tenantWithLanguages();
    const other = await tenantWithLanguages();
    const theirs = await make(other, 'theirs', { description: 'secret description' });
    for (const res of [
      await api(`${C}/${theirs}`, { headers: owner.auth }),
      await api(`${C}/${theirs}`, { method: 'PATCH', headers: owner.auth, json: { name: 'x' } }),
      await api(`${C}/${theirs}/i18n`, { method: 'PATCH', headers: owner.auth, json: { locale: 'de', name: 'x' } }),
      await api(`${C}/${theirs}`, { method: 'DELETE', headers: owner.auth, json: {} }),
      await create(owner, { key: 'child', name: 'x', parent_id: theirs }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('secret');
    }
    const mine = await make(owner, 'mine');
    expectError(await api(`${C}/${mine}`, { method: 'PATCH', headers: owner.auth, json: { parent_id: theirs } }), 404);
    expect((await api(`${C}/`, { headers: owner.auth })).body.data.map((c: { key: string }) => c.key)).toEqual(['mine']);
    expect((await api(`${C}/${theirs}`, { headers: other.auth })).body.data.name).toBe('Name theirs');
  });
});
