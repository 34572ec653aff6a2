// Resources file export and import: columns (space, location, category keys, tag names,
// translations), the example row, batched creates and updates, row errors with nothing written,
// another tenant's ids, max_resources (also on create), and the generic /export|import/resources.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { csv, download, upload } from '../catalog/transfer-helpers';
import { R, call, newResource, resourceRows } from './resources-helpers';
import { newSpace } from './spaces-helpers';

const lines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
const HEAD = 'id,name,description,language,status,space_id,latitude,longitude,categories,tags,custom_order,name_de,description_de,created_at,updated_at';

describe('resources export and import', () => {
  it('round-trips resources with space, location, categories, tags and translations', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de'] }).where(eq(tenants.id, owner.tenantId)));
    const empty = await download(`${R}/export`, owner.auth);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('x-total-count')).toBe('0');
    const [head, example] = await lines(empty);
    expect(head).toBe(HEAD);
    const back = await upload(`${R}/import`, owner.auth, csv(`${head}\r\n${example}\r\n`), 'resources.csv');
    expect(back.body.data).toMatchObject({ success: true, stats: { created: 0 } });

    // More rows than one insert statement takes (1000), above the default max_resources (1000).
    await api(`/api/v1/secure/tenants/${owner.tenantId}/settings/limits`, { method: 'PATCH', headers: owner.auth, json: { settings: { max_resources: 5000 } } });
    const space = await newSpace(owner, { name: 'Depot' });
    await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: owner.auth, json: { key: 'tools', name: 'Tools' } });
    const many = Array.from({ length: 1200 }, (_, i) => `Item ${i},,,,,`).join('\r\n');
    const file = `name,space_id,latitude,longitude,categories,tags,name_de\r\nDrill,${space.id},47.3769,8.5417,tools,power,Bohrer\r\n${many}\r\n`;
    const res = await upload(`${R}/import`, owner.auth, csv(file), 'resources.csv', { createMissingTags: true });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expectReferenceShape('POST', `${R}/import`, res);
    expect(res.body.data).toMatchObject({ success: true, entityType: 'resources', stats: { created: 1201, updated: 0, errors: 0 } });
    const drill = (await resourceRows(owner.tenantId)).find((r) => r.name === 'Drill')!;
    expect(drill).toMatchObject({ spaceId: space.id, currentLat: 47.3769, currentLng: 8.5417, translations: { de: { name: 'Bohrer', description: null } } });
    expect((await call(owner, 'GET', `/${drill.id}`)).body.data).toMatchObject({ current_space_name: 'Depot', categories: [{ key: 'tools' }], tags: [{ name: 'power' }] });

    const out = await lines(await download(`${R}/export?format=csv&limit=10000`, owner.auth));
    expect(out).toHaveLength(1202);
    expect(out.find((l) => l.startsWith(drill.id))).toContain(`,${space.id},47.3769,8.5417,tools,power,1,Bohrer,`);
    const generic = await download('/api/v1/secure/export/resources', owner.auth);
    expect(generic.status).toBe(200);
    expect((await lines(generic))[0]).toBe(HEAD);

    // Update by id: merge keeps what the row leaves empty.
    const upd = await upload(`${R}/import`, owner.auth, csv(`id,name,status\r\n${drill.id},Drill B,maintenance\r\n`), 'resources.csv', { mergeStrategy: 'merge' });
    expect(upd.body.data.stats).toMatchObject({ created: 0, updated: 1 });
    expect((await resourceRows(owner.tenantId)).find((r) => r.id === drill.id)).toMatchObject({ name: 'Drill B', status: 'maintenance', spaceId: space.id, currentLat: 47.3769 });
  });

  it('reports row errors and writes nothing without skipErrors; refuses another tenant\'s ids', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const foreign = await newResource(other, { name: 'Foreign' });
    const foreignSpace = await newSpace(other);
    const file = `id,name,status,space_id,latitude,longitude,categories,tags\r\n,Good one,,,,,,\r\n${foreign.id},Taken,,,,,,\r\nnot-a-uuid,Bad id,,,,,,\r\n,Pend,pending,,,,,\r\n,Half,,,10,,,\r\n,Cat,,,,,nope,\r\n,Tag,,,,,,unknown\r\n,Elsewhere,,${foreignSpace.id},,,,\r\n`;
    const res = await upload(`${R}/import`, owner.auth, csv(file), 'resources.csv');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ success: false, stats: { errors: 7 } });
    expect(res.body.data.errors.map((e: { code: string }) => e.code)).toEqual(['REFERENCE_NOT_FOUND', 'INVALID_UUID', 'INVALID_FORMAT', 'INVALID_FORMAT', 'REFERENCE_NOT_FOUND', 'REFERENCE_NOT_FOUND', 'REFERENCE_NOT_FOUND']);
    expect(await resourceRows(owner.tenantId)).toEqual([]);
    expect((await resourceRows(other.tenantId)).map((r) => r.name)).toEqual(['Foreign']);
    const skip = await upload(`${R}/import`, owner.auth, csv(file), 'resources.csv', { skipErrors: true });
    expect(skip.body.data.stats).toMatchObject({ created: 1, errors: 7 });
    expect((await resourceRows(owner.tenantId)).map((r) => r.name)).toEqual(['Good one']);
  });

  it('gives created rows defaultTypeDefinitionId and, without categories of their own, defaultCategoryId', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const typeOf = async (who: typeof owner, appliesTo: string, schemaDefinition: Record<string, unknown> = {}) => {
      const res = await api('/api/v1/secure/type-definitions/', { method: 'POST', headers: who.auth, json: { name: `t-${crypto.randomUUID().slice(0, 6)}`, label: 'Type', appliesTo, schemaDefinition: { properties: {}, ...schemaDefinition } } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.data.id as string;
    };
    const categoryOf = async (who: typeof owner, key: string) => (await api('/api/v1/secure/taxonomy/categories/', { method: 'POST', headers: who.auth, json: { key, name: key } })).body.data.id as string;
    const [type, dflt] = [await typeOf(owner, 'resource'), await categoryOf(owner, 'general')];
    await categoryOf(owner, 'tools');
    const existing = await newResource(owner, { name: 'Existing' });
    const file = `id,name,categories\r\n,Plain,\r\n,Drill,tools\r\n${existing.id},Existing B,\r\n`;
    const res = await upload(`${R}/import`, owner.auth, csv(file), 'resources.csv', { mergeStrategy: 'merge', defaultTypeDefinitionId: type, defaultCategoryId: dflt });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.data.stats).toMatchObject({ created: 2, updated: 1, errors: 0 });
    const rows = new Map((await resourceRows(owner.tenantId)).map((r) => [r.name, r]));
    expect(rows.get('Plain')).toMatchObject({ typeDefinitionId: type, settings: {} });
    expect(rows.get('Drill')).toMatchObject({ typeDefinitionId: type });
    // Updated rows keep their type; the default category goes to created rows without categories only.
    expect(rows.get('Existing B')).toMatchObject({ typeDefinitionId: null });
    const keys = async (id: string) => ((await call(owner, 'GET', `/${id}`)).body.data.categories as { key: string }[]).map((c) => c.key);
    expect(await keys(rows.get('Plain')!.id)).toEqual(['general']);
    expect(await keys(rows.get('Drill')!.id)).toEqual(['tools']);
    expect(await keys(existing.id)).toEqual([]);

    // Another tenant's ids, a type for spaces, a type whose schema refuses empty settings: 422 naming the option, nothing written (dry runs too).
    const before = (await resourceRows(owner.tenantId)).length;
    const refused: [Record<string, unknown>, string, string][] = [
      [{ defaultTypeDefinitionId: await typeOf(other, 'resource') }, 'defaultTypeDefinitionId', 'TYPE_NOT_FOUND'],
      [{ defaultTypeDefinitionId: await typeOf(owner, 'space') }, 'defaultTypeDefinitionId', 'TYPE_NOT_APPLICABLE'],
      [{ defaultTypeDefinitionId: await typeOf(owner, 'resource', { properties: { seats: { type: 'integer' } }, required: ['seats'] }) }, 'defaultTypeDefinitionId', 'SETTINGS_INVALID'],
      [{ defaultCategoryId: await categoryOf(other, 'foreign') }, 'defaultCategoryId', 'category_not_found'],
      [{ defaultCategoryId: await categoryOf(other, 'foreign-2'), dryRun: true }, 'defaultCategoryId', 'category_not_found'],
    ];
    for (const [options, field, reason] of refused) {
      const bad = await upload(`${R}/import`, owner.auth, csv('name\r\nNew one\r\n'), 'resources.csv', options);
      expectError(bad, 422);
      expect(bad.body.details).toMatchObject({ reason });
      expect(Object.keys(bad.body.details.fields)).toEqual([field]);
    }
    expect(await resourceRows(owner.tenantId)).toHaveLength(before);
  });

  it('holds max_resources on import and create, and needs credentials and resources:write', async () => {
    const owner = await newTenant();
    await api(`/api/v1/secure/tenants/${owner.tenantId}/settings/limits`, { method: 'PATCH', headers: owner.auth, json: { settings: { max_resources: 1 } } });
    const over = await upload(`${R}/import`, owner.auth, csv('name\r\nOne\r\nTwo\r\n'), 'resources.csv');
    expectError(over, 422);
    expect(over.body.details.reason).toBe('QUOTA_EXCEEDED');
    expect(await resourceRows(owner.tenantId)).toEqual([]);
    await newResource(owner, { name: 'Only one' });
    const second = await call(owner, 'POST', '/', { name: 'Too many' });
    expectError(second, 422);
    expect(second.body.details.reason).toBe('QUOTA_EXCEEDED');
    expect((await resourceRows(owner.tenantId)).map((r) => r.name)).toEqual(['Only one']);
    expectError(await upload(`${R}/import`, {}, csv('name\r\nOne\r\n'), 'resources.csv'), 401);
    expect((await download(`${R}/export`, {})).status).toBe(401);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await upload(`${R}/import`, guest.auth, csv('name\r\nOne\r\n'), 'resources.csv'), 403);
  });
});
