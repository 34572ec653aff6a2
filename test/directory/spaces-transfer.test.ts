// Spaces file export and import: columns (location, category keys, tag names, translations), the
// example row, row errors with nothing written, updates by id, another tenant's ids, max_spaces,
// and the generic /export/spaces serving the same implementation.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { csv, download, upload } from '../catalog/transfer-helpers';
import { S, call, newSpace, spaceRows } from './spaces-helpers';

const lines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
const HEAD = 'id,name,description,language,type,status,latitude,longitude,categories,tags,custom_order,name_de,description_de,created_at,updated_at';

describe('spaces export and import', () => {
  it('round-trips spaces with location, categories, tags and translations', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de'] }).where(eq(tenants.id, owner.tenantId)));
    const empty = await download(`${S}/export`, owner.auth);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('x-total-count')).toBe('0');
    const [head, example] = await lines(empty);
    expect(head).toBe(HEAD);
    const back = await upload(`${S}/import`, owner.auth, csv(`${head}\r\n${example}\r\n`), 'spaces.csv');
    expect(back.body.data).toMatchObject({ success: true, stats: { created: 0 } });

    await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: owner.auth, json: { key: 'halls', name: 'Halls' } });
    const file = `name,latitude,longitude,categories,tags,name_de\r\nConcert hall,47.3769,8.5417,halls,music,Konzertsaal\r\nStudio,,,,,\r\n`;
    const res = await upload(`${S}/import`, owner.auth, csv(file), 'spaces.csv', { createMissingTags: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('POST', `${S}/import`, res);
    expect(res.body.data).toMatchObject({ success: true, entityType: 'spaces', stats: { created: 2, updated: 0, errors: 0 } });
    const hall = (await spaceRows(owner.tenantId)).find((r) => r.name === 'Concert hall')!;
    expect(hall).toMatchObject({ homeLat: 47.3769, homeLng: 8.5417, translations: { de: { name: 'Konzertsaal', description: null } } });
    const detail = await call(owner, 'GET', `/${hall.id}`);
    expect(detail.body.data).toMatchObject({ categories: [{ key: 'halls' }], tags: [{ name: 'music' }] });

    const out = await lines(await download(`${S}/export?format=csv`, owner.auth));
    expect(out).toHaveLength(3);
    expect(out.find((l) => l.startsWith(hall.id))).toContain(',halls,music,1,Konzertsaal,');
    const generic = await download('/api/v1/secure/export/spaces', owner.auth);
    expect(generic.status).toBe(200);
    expect((await lines(generic))[0]).toBe(HEAD);

    // Update by id (merge keeps what the file leaves out).
    const upd = await upload(`${S}/import`, owner.auth, csv(`id,name,status\r\n${hall.id},Concert hall B,maintenance\r\n`), 'spaces.csv', { mergeStrategy: 'merge' });
    expect(upd.body.data.stats).toMatchObject({ created: 0, updated: 1 });
    expect((await spaceRows(owner.tenantId)).find((r) => r.id === hall.id)).toMatchObject({ name: 'Concert hall B', status: 'maintenance' });
  });

  it('reports row errors and writes nothing without skipErrors; refuses another tenant\'s ids', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const foreign = await newSpace(other);
    const file = `id,name,type,status,latitude,longitude,categories,tags\r\n,Good one,,,,,,\r\n,x,,,,,,\r\n${foreign.id},Taken,,,,,,\r\nnot-a-uuid,Bad id,,,,,,\r\n,Sys,system,,,,,\r\n,Pend,,pending,,,,\r\n,Half,,,10,,,\r\n,Cat,,,,,nope,\r\n,Tag,,,,,,unknown\r\n`;
    const res = await upload(`${S}/import`, owner.auth, csv(file), 'spaces.csv');
    expect(res.status).toBe(200);
    expect(res.body.data.success).toBe(false);
    expect(res.body.data.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'VALIDATION_ERROR'], [4, 'REFERENCE_NOT_FOUND'], [5, 'INVALID_UUID'], [6, 'INVALID_FORMAT'], [7, 'INVALID_FORMAT'], [8, 'INVALID_FORMAT'], [9, 'REFERENCE_NOT_FOUND'], [10, 'REFERENCE_NOT_FOUND'],
    ]);
    expect(await spaceRows(owner.tenantId)).toEqual([]);
    expect((await spaceRows(other.tenantId)).map((r) => r.name)).toEqual([foreign.name]);
    const skip = await upload(`${S}/import`, owner.auth, csv(file), 'spaces.csv', { skipErrors: true });
    expect(skip.body.data.stats.created).toBe(1);
    expect((await spaceRows(owner.tenantId)).map((r) => r.name)).toEqual(['Good one']);
  });

  it('holds max_spaces for the rows created and needs credentials and spaces:write', async () => {
    const owner = await newTenant();
    await api(`/api/v1/secure/tenants/${owner.tenantId}/settings/limits`, { method: 'PATCH', headers: owner.auth, json: { settings: { max_spaces: 1 } } });
    const over = await upload(`${S}/import`, owner.auth, csv('name\r\nOne\r\nTwo\r\n'), 'spaces.csv');
    expectError(over, 422);
    expect(over.body.details.reason).toBe('QUOTA_EXCEEDED');
    expect(await spaceRows(owner.tenantId)).toEqual([]);
    expectError(await upload(`${S}/import`, {}, csv('name\r\nOne\r\n'), 'spaces.csv'), 401);
    expect((await download(`${S}/export`, {})).status).toBe(401);
  });
  it('gives created spaces defaultTypeDefinitionId and, without categories of their own, defaultCategoryId; refuses another tenant\'s', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const td = await api('/api/v1/secure/type-definitions/', { method: 'POST', headers: owner.auth, json: { name: `room-${crypto.randomUUID().slice(0, 6)}`, label: 'Room', appliesTo: 'space', schemaDefinition: { properties: {} } } });
    expect(td.status, JSON.stringify(td.body)).toBe(201);
    const category = async (who: typeof owner, key: string) => (await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: who.auth, json: { key, name: key } })).body.data.id as string;
    const [general] = [await category(owner, 'general'), await category(owner, 'halls')];
    const res = await upload(`${S}/import`, owner.auth, csv('name,categories,tags\r\nPlain hall,,\r\nBig hall,halls,indoor\r\n'), 'spaces.csv', { defaultTypeDefinitionId: td.body.data.id, defaultCategoryId: general, createMissingTags: true });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.data.stats).toMatchObject({ created: 2, errors: 0 });
    const rows = await spaceRows(owner.tenantId);
    expect(rows.map((r) => r.typeDefinitionId)).toEqual([td.body.data.id, td.body.data.id]);
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    const keys = async (id: string) => ((await call(owner, 'GET', `/${id}/categories`)).body.data as { key: string }[]).map((c) => c.key);
    expect(await keys(byName.get('Plain hall')!)).toEqual(['general']);
    expect(await keys(byName.get('Big hall')!)).toEqual(['halls']);
    const foreign = await upload(`${S}/import`, owner.auth, csv('name\r\nAnother hall\r\n'), 'spaces.csv', { defaultCategoryId: await category(other, 'theirs') });
    expectError(foreign, 422);
    expect(Object.keys(foreign.body.details.fields)).toEqual(['defaultCategoryId']);
    const resourceType = await api('/api/v1/secure/type-definitions/', { method: 'POST', headers: other.auth, json: { name: `x-${crypto.randomUUID().slice(0, 6)}`, label: 'Other', appliesTo: 'space', schemaDefinition: { properties: {} } } });
    const foreignType = await upload(`${S}/import`, owner.auth, csv('name\r\nAnother hall\r\n'), 'spaces.csv', { defaultTypeDefinitionId: resourceType.body.data.id });
    expectError(foreignType, 422);
    expect(foreignType.body.details).toMatchObject({ reason: 'TYPE_NOT_FOUND', fields: { defaultTypeDefinitionId: expect.any(Array) } });
    expect(await spaceRows(owner.tenantId)).toHaveLength(2);
  });
});
