import { env } from 'cloudflare:test';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/context';
import { dbConfig, requestDb, type Database } from '../../src/db/client';
import { beginTenant } from '../../src/db/rls';
import { tenants } from '../../src/db/schema/accounts';
import { infoTags } from '../../src/db/schema/feedback';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, unique, type SignedIn } from '../helpers/identity';

const PUBLIC = '/api/v1/public/info-tags/';
const PUBLIC_ONE = '/api/v1/public/info-tags/{key}';
const LIST = '/api/v1/secure/info-tags/';
const ONE = '/api/v1/secure/info-tags/{id}';
const one = (id: string) => `/api/v1/secure/info-tags/${id}`;
const key = () => unique('t.').toLowerCase();

/** A system-wide tag as the seed makes it (platform path, no tenant). */
async function systemTag(over: Partial<typeof infoTags.$inferInsert> = {}) {
  const [row] = await withDb((db) =>
    db.insert(infoTags).values({ key: key(), title: 'System title', description: 'System description', translations: { de: { title: 'Systemtitel' } }, ...over }).returning(),
  );
  return row!;
}

async function create(as: SignedIn, body: Record<string, unknown>) {
  const res = await api(LIST, { method: 'POST', headers: as.auth, json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

const countOwn = (tenantId: string) => withDb(async (db) => (await db.select().from(infoTags).where(eq(infoTags.tenantId, tenantId))).length);

describe('info tags: public', () => {
  it('serves seeded system tags by keys, in the order asked, localized on request', async () => {
    const res = await api(`${PUBLIC}?keys=space.capacity,no.such.key,booking.cancel`);
    expect(res.status).toBe(200);
    expectReferenceShape('GET', PUBLIC, res);
    expect(res.body.data.map((t: { key: string }) => t.key)).toEqual(['space.capacity', 'booking.cancel']);
    expect(res.body).toMatchObject({ total: 2, limit: 3, offset: 0 });
    expect(res.body.data[0]).toMatchObject({ tenantId: null, title: 'Capacity' });

    const de = await api(`${PUBLIC}?keys=space.capacity&locale=de`);
    expect(de.body.data[0].title).toBe('Kapazität');
    const fr = await api(`${PUBLIC_ONE.replace('{key}', 'space.capacity')}`, { headers: { 'accept-language': 'fr-CH,fr;q=0.9' } });
    expect(fr.status).toBe(200);
    expectReferenceShape('GET', PUBLIC_ONE, fr);
    expect(fr.body.data.title).toBe('Capacité');
    expect(fr.body.data.translations_i18n.de.title).toBe('Kapazität');
  });

  it('answers a warm lookup from the isolate cache with no database round trip', async () => {
    const tag = await systemTag();
    const first = await api(PUBLIC_ONE.replace('{key}', tag.key));
    expect(first.status).toBe(200);
    expect(first.body.data.id).toBe(tag.id);
    expect(roundTrips(first).roundTrips).toBe(1);
    const second = await api(PUBLIC_ONE.replace('{key}', tag.key));
    expect(second.body.data.id).toBe(tag.id);
    expect(roundTrips(second).roundTrips).toBe(0);
    // A list of cached keys (hits and cached misses) needs no round trip either.
    const missing = key();
    await api(`${PUBLIC}?keys=${missing}`);
    const list = await api(`${PUBLIC}?keys=${tag.key},${missing}`);
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([tag.id]);
    expect(roundTrips(list).roundTrips).toBe(0);
  });

  it('never serves tenant tags', async () => {
    const owner = await newTenant();
    const k = key();
    await create(owner, { key: k, title: 'Mine', description: 'Tenant only' });
    expectError(await api(PUBLIC_ONE.replace('{key}', k)), 404, 'NOT_FOUND');
    expect((await api(`${PUBLIC}?keys=${k}`)).body.data).toEqual([]);
  });

  it('refuses missing, malformed and too many keys with 400', async () => {
    expectError(await api(PUBLIC), 400, 'VALIDATION_ERROR');
    expectError(await api(`${PUBLIC}?keys=`), 400, 'VALIDATION_ERROR');
    expectError(await api(`${PUBLIC}?keys=Bad%20Key`), 400, 'VALIDATION_ERROR');
    const many = Array.from({ length: 101 }, (_, i) => `key.${i}`).join(',');
    expectError(await api(`${PUBLIC}?keys=${many}`), 400, 'VALIDATION_ERROR');
    expectError(await api(PUBLIC_ONE.replace('{key}', 'AB')), 400, 'VALIDATION_ERROR');
    expectError(await api(`${PUBLIC}?keys=space.capacity&locale=german`), 400, 'VALIDATION_ERROR');
  });
});

describe('info tags: tenant', () => {
  it('creates, reads, updates and soft-deletes a tenant tag', async () => {
    const owner = await newTenant();
    const k = key();
    const created = await api(LIST, { method: 'POST', headers: owner.auth, json: { key: k, title: 'Check-in', description: 'How check-in works', examples: ['At the desk'] } });
    expect(created.status).toBe(201);
    expectReferenceShape('POST', LIST, created);
    const tag = created.body.data;
    expect(tag).toMatchObject({ tenantId: owner.tenantId, key: k, title: 'Check-in', examples: ['At the desk'], translations_i18n: {}, created_by: owner.userId });

    const got = await api(one(tag.id), { headers: owner.auth });
    expect(got.status).toBe(200);
    expectReferenceShape('GET', ONE, got);
    expect(roundTrips(got).roundTrips).toBe(1);

    const patched = await api(one(tag.id), { method: 'PATCH', headers: owner.auth, json: { title: 'Check-in at reception' } });
    expect(patched.status).toBe(200);
    expectReferenceShape('PATCH', ONE, patched);
    expect(patched.body.data).toMatchObject({ key: k, title: 'Check-in at reception', description: 'How check-in works' });
    // The key is immutable: not part of the patch body.
    expectError(await api(one(tag.id), { method: 'PATCH', headers: owner.auth, json: { key: 'other.key' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(one(tag.id), { method: 'PATCH', headers: owner.auth, json: {} }), 400, 'VALIDATION_ERROR');

    expectError(await api(LIST, { method: 'POST', headers: owner.auth, json: { key: k, title: 'Again', description: 'Duplicate' } }), 409, 'CONFLICT');

    const del = await api(one(tag.id), { method: 'DELETE', headers: owner.auth });
    expect(del.status).toBe(204);
    expectError(await api(one(tag.id), { headers: owner.auth }), 404, 'NOT_FOUND');
    const [row] = await withDb((db) => db.select().from(infoTags).where(eq(infoTags.id, tag.id)));
    expect(row!.deletedAt).not.toBeNull();
    expect(row!.deletedBy).toBe(owner.userId);
    expectError(await api(one(tag.id), { method: 'DELETE', headers: owner.auth }), 404, 'NOT_FOUND');
    // The key is free again.
    await create(owner, { key: k, title: 'Check-in', description: 'Recreated' });
  });

  it('lists own tags and the system tags they do not shadow, in one round trip', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const sys = await systemTag();
    const shadow = await create(a, { key: sys.key, title: 'Our own', description: 'Shadows the system tag' });
    const only = await create(a, { key: key(), title: 'Only A', description: 'A alone' });

    const listA = await api(`${LIST}?keys=${sys.key},${only.key},space.capacity`, { headers: a.auth });
    expect(listA.status).toBe(200);
    expectReferenceShape('GET', LIST, listA);
    expect(roundTrips(listA).roundTrips).toBe(1);
    const byKey = Object.fromEntries(listA.body.data.map((t: { key: string; id: string }) => [t.key, t.id]));
    expect(byKey).toEqual({ [sys.key]: shadow.id, [only.key]: only.id, 'space.capacity': expect.any(String) });
    expect(listA.body.total).toBe(3);

    const listB = await api(`${LIST}?keys=${sys.key},${only.key}`, { headers: b.auth });
    expect(listB.body.data.map((t: { id: string }) => t.id)).toEqual([sys.id]);

    // Everything: the seeded tags are there, paged with a total.
    const all = await api(`${LIST}?limit=2&offset=1`, { headers: a.auth });
    expect(all.body.data).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(12);
    expect(all.body).toMatchObject({ limit: 2, offset: 1 });

    // A deleted shadow lets the system tag show again.
    await api(one(shadow.id), { method: 'DELETE', headers: a.auth });
    const again = await api(`${LIST}?keys=${sys.key}`, { headers: a.auth });
    expect(again.body.data.map((t: { id: string }) => t.id)).toEqual([sys.id]);
    // A system tag reads by id, but only the seed changes it.
    expect((await api(one(sys.id), { headers: a.auth })).body.data.tenantId).toBeNull();
    const refused = await api(one(sys.id), { method: 'PATCH', headers: a.auth, json: { title: 'Hijack' } });
    expectError(refused, 403, 'FORBIDDEN');
    expect(refused.body.details.reason).toBe('SYSTEM_TAG_READ_ONLY');
    expectError(await api(one(sys.id), { method: 'DELETE', headers: a.auth }), 403, 'FORBIDDEN');
    const [kept] = await withDb((db) => db.select().from(infoTags).where(eq(infoTags.id, sys.id)));
    expect(kept).toMatchObject({ title: 'System title', deletedAt: null });
  });

  it('takes translations in the tenant\'s other languages only (422 for the base language)', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
    const base = await api(LIST, { method: 'POST', headers: owner.auth, json: { key: key(), title: 'T', description: 'D', translations_i18n: { en: { title: 'T' } } } });
    expectError(base, 422, 'UNPROCESSABLE_ENTITY');
    expect(base.body.details.reason).toBe('translation_is_base_language');
    const other = await api(LIST, { method: 'POST', headers: owner.auth, json: { key: key(), title: 'T', description: 'D', translations_i18n: { it: { title: 'T' } } } });
    expectError(other, 422, 'UNPROCESSABLE_ENTITY');
    expect(other.body.details.reason).toBe('language_not_enabled');
    expect(await countOwn(owner.tenantId)).toBe(0);

    const tag = await create(owner, { key: key(), title: 'Parking', description: 'Where to park', translations_i18n: { de: { title: 'Parkieren' }, 'fr-CH': { description: 'Où se garer' } } });
    expect(tag.translations_i18n).toEqual({ de: { title: 'Parkieren' }, 'fr-CH': { description: 'Où se garer' } });
    const patched = await api(one(tag.id), { method: 'PATCH', headers: owner.auth, json: { translations_i18n: { 'en-GB': { title: 'Parking' } } } });
    expectError(patched, 422, 'UNPROCESSABLE_ENTITY');
    expect((await api(one(tag.id), { headers: owner.auth })).body.data.translations_i18n.de.title).toBe('Parkieren');
  });

  it('refuses invalid bodies with 400 and writes nothing', async () => {
    const owner = await newTenant();
    const bad = [
      { key: 'ab', title: 'T', description: 'D' },
      { key: 'Upper.Case', title: 'T', description: 'D' },
      { key: 'x'.repeat(201), title: 'T', description: 'D' },
      { key: key(), title: '', description: 'D' },
      { key: key(), title: 'T', description: 'x'.repeat(5001) },
      { key: key(), title: 'T', description: 'D', examples: Array.from({ length: 21 }, () => 'e') },
      { key: key(), title: 'T', description: 'D', extra: true },
      { key: key(), title: 'T\u0000', description: 'D' },
    ];
    for (const json of bad) expect((await api(LIST, { method: 'POST', headers: owner.auth, json })).status, JSON.stringify(json).slice(0, 80)).toBe(400);
    expect(await countOwn(owner.tenantId)).toBe(0);
  });

  it('needs credentials, and tenant:write to change tags', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await api(LIST), 401);
    expectError(await api(LIST, { headers: { authorization: 'Bearer nope' } }), 401);
    expect((await api(LIST, { headers: member.auth })).status).toBe(200);
    for (const who of [member, manager]) expectError(await api(LIST, { method: 'POST', headers: who.auth, json: { key: key(), title: 'T', description: 'D' } }), 403);
    const tag = await create(owner, { key: key(), title: 'T', description: 'D' });
    expectError(await api(one(tag.id), { method: 'PATCH', headers: member.auth, json: { title: 'X' } }), 403);
    expectError(await api(one(tag.id), { method: 'DELETE', headers: member.auth }), 403);
    expect(await countOwn(owner.tenantId)).toBe(1);
  });

  it('answers 404 with no data for another tenant\'s tag, and changes nothing', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const tag = await create(a, { key: key(), title: 'A secret', description: 'Only A' });
    for (const res of [
      await api(one(tag.id), { headers: b.auth }),
      await api(one(tag.id), { method: 'PATCH', headers: b.auth, json: { title: 'Taken' } }),
      await api(one(tag.id), { method: 'DELETE', headers: b.auth }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('A secret');
    }
    const listB = await api(`${LIST}?keys=${tag.key}`, { headers: b.auth });
    expect(listB.body.data).toEqual([]);
    const [row] = await withDb((db) => db.select().from(infoTags).where(and(eq(infoTags.id, tag.id), isNull(infoTags.deletedAt))));
    expect(row!.title).toBe('A secret');
  });
});

/** Runs `fn` as the application role in a transaction bound to `tenantId` (as a request's handle does). */
async function asTenant<T>(tenantId: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const handle = requestDb(dbConfig(env as Env));
  try {
    const db = await handle.get();
    beginTenant(db, tenantId);
    return await db.transaction(fn);
  } finally {
    await handle.close();
  }
}

async function refused(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch {
    return true;
  }
}

describe('info tags: row-level security', () => {
  it('lets the application role read its own and system rows, and write only its own', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const sys = await systemTag();
    const ownA = await create(a, { key: key(), title: 'A', description: 'A only' });
    const ownB = await create(b, { key: key(), title: 'B', description: 'B only' });
    // No tenant filter in the query: the policy alone decides.
    const seen = await asTenant(a.tenantId, (db) => db.select({ id: infoTags.id }).from(infoTags).where(inArray(infoTags.id, [sys.id, ownA.id, ownB.id])));
    expect(seen.map((r) => r.id).sort()).toEqual([sys.id, ownA.id].sort());
    const changed = await asTenant(a.tenantId, (db) => db.update(infoTags).set({ title: 'Hijacked' }).where(inArray(infoTags.id, [sys.id, ownB.id])).returning());
    expect(changed).toEqual([]);
    expect(await refused(asTenant(a.tenantId, (db) => db.insert(infoTags).values({ key: key(), title: 'T', description: 'D' })))).toBe(true);
    expect(await refused(asTenant(a.tenantId, (db) => db.insert(infoTags).values({ tenantId: b.tenantId, key: key(), title: 'T', description: 'D' })))).toBe(true);
    const [kept] = await withDb((db) => db.select().from(infoTags).where(eq(infoTags.id, sys.id)));
    expect(kept!.title).toBe('System title');
  });
});
