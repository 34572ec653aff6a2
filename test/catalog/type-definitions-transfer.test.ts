import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { typeDefinitions } from '../../src/db/schema/type-definitions';
import { fromProperties, toProperties } from '../../src/modules/catalog/type-definitions/type-definitions.mapping';
import { transferType } from '../../src/modules/catalog/transfer/transfer.registry';
import { withDb } from '../helpers/db';
import { api, download, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { addMember } from '../helpers/db';
import { newTenant, unique, type SignedIn } from '../helpers/identity';

const ROOT = '/api/v1/secure/type-definitions/';
const EXPORT = '/api/v1/secure/type-definitions/export';
const IMPORT = '/api/v1/secure/type-definitions/import';
const typeName = () => unique('tx-').toLowerCase().replace(/[^a-z0-9-]/g, '');

const richSchema = {
  properties: {
    theme: { type: 'string', title: 'Theme', description: 'Colour scheme', enum: ['light', 'dark'], default: 'light' },
    seats: { type: 'integer', minimum: 1, maximum: 40, default: 4 },
    ratio: { type: 'number' },
    email: { type: 'string', format: 'email', maxLength: 254 },
    code: { type: 'string', pattern: '^[A-Z]{3}$', minLength: 3 },
    flags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 2, default: ['a'] },
    address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^\\d{4,5}$' } }, required: ['city'], additionalProperties: false },
    vip: { type: 'boolean', default: false },
  },
  required: ['seats', 'address'],
};

async function seed(owner: SignedIn, n = 2) {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = typeName();
    const res = await api(ROOT, { method: 'POST', headers: owner.auth, json: { name, label: `Type ${i}`, appliesTo: i % 2 ? 'user' : 'space', schemaDefinition: i ? { properties: {} } : richSchema } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    names.push(name);
  }
  return names;
}

const comparable = (rows: (typeof typeDefinitions.$inferSelect)[]) =>
  rows.map((r) => ({ name: r.name, label: r.label, description: r.description, appliesTo: r.appliesTo, schemaDefinition: r.schemaDefinition, isActive: r.isActive })).sort((a, b) => a.name.localeCompare(b.name));
const rowsOf = (tenantId: string) => withDb((db) => db.select().from(typeDefinitions).where(eq(typeDefinitions.tenantId, tenantId)));

describe('type definitions: JSON Schema ↔ properties[]', () => {
  it('maps a schema to properties and back without loss', () => {
    const props = toProperties(richSchema as never);
    expect(props.map((p) => p.name)).toEqual(Object.keys(richSchema.properties));
    expect(props[0]).toEqual({ name: 'theme', type: 'string', displayName: 'Theme', description: 'Colour scheme', isMandatory: false, defaultValue: { value: 'light' }, validationRules: { enum: ['light', 'dark'] }, displayOrder: 1 });
    expect(props[2]).toEqual({ name: 'ratio', type: 'number', displayName: 'ratio', description: null, isMandatory: false, defaultValue: null, validationRules: null, displayOrder: 3 });
    const back = fromProperties(props);
    expect(back.problems).toEqual({});
    expect(back.schema).toEqual(richSchema);
    expect(Object.keys(back.schema.properties)).toEqual(Object.keys(richSchema.properties));
    // Order comes from displayOrder, not from the array's order.
    expect(Object.keys(fromProperties([...props].reverse()).schema.properties)).toEqual(Object.keys(richSchema.properties));
  });
});

describe('type definitions: JSON bundle', () => {
  it('exports the tenant’s types (one round trip) and imports them into another tenant equal', async () => {
    const a = await newTenant();
    await seed(a, 3);
    const exp = await api(EXPORT, { headers: a.auth });
    expect(exp.status).toBe(200);
    expectReferenceShape('GET', EXPORT, exp);
    expect(roundTrips(exp).roundTrips).toBe(1);
    const bundle = exp.body.data;
    expect(bundle).toMatchObject({ version: '1.0', source: { tenantId: a.tenantId, tenantSlug: expect.any(String) } });
    expect(bundle.typeDefinitions).toHaveLength(3);

    const b = await newTenant();
    const dry = await api(IMPORT, { method: 'POST', headers: b.auth, json: { ...bundle, options: { dryRun: true } } });
    expect(dry.status).toBe(200);
    expectReferenceShape('POST', IMPORT, dry);
    expect(await rowsOf(b.tenantId)).toEqual([]);
    const real = await api(IMPORT, { method: 'POST', headers: b.auth, json: bundle });
    expect(real.status).toBe(200);
    expect(real.body.data).toEqual({ ...dry.body.data, dryRun: false });
    expect(real.body.data).toMatchObject({ success: true, stats: { created: 3, updated: 0, skipped: 0, duplicates: 0, errors: 0 }, errors: [] });
    expect(comparable(await rowsOf(b.tenantId))).toEqual(comparable(await rowsOf(a.tenantId)));
    // And B's export is A's, source aside.
    const expB = (await api(EXPORT, { headers: b.auth })).body.data;
    expect(expB.typeDefinitions).toEqual(bundle.typeDefinitions);
    // A second import skips what exists.
    const again = await api(IMPORT, { method: 'POST', headers: b.auth, json: bundle });
    expect(again.body.data.stats).toMatchObject({ created: 0, skipped: 3 });
  });

  it('exports one type, platform ones included', async () => {
    const a = await newTenant();
    const [name] = await seed(a, 1);
    const [row] = await rowsOf(a.tenantId);
    const res = await api(`${ROOT.slice(0, -1)}/${row!.id}/export`, { headers: a.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/type-definitions/{id}/export', res);
    expect(res.body.data).toMatchObject({ name, appliesTo: 'space' });
    expect(fromProperties(res.body.data.properties).schema).toEqual(richSchema);
  });

  it('replaces and merges existing types; all or nothing on errors, reported by index', async () => {
    const a = await newTenant();
    const [rich, plain] = await seed(a, 2);
    const item = (name: string, extra: Record<string, unknown> = {}) => ({ name, label: 'Imported', appliesTo: 'user', description: 'From import', properties: [{ name: 'nickname', type: 'string', displayName: 'Nickname', isMandatory: true }], ...extra });
    const merge = await api(IMPORT, { method: 'POST', headers: a.auth, json: { typeDefinitions: [item(plain!)], options: { mergeStrategy: 'merge' } } });
    expect(merge.body.data.stats).toMatchObject({ updated: 1 });
    const merged = (await rowsOf(a.tenantId)).find((r) => r.name === plain)!;
    expect(merged).toMatchObject({ label: 'Type 1', description: 'From import', schemaDefinition: { properties: { nickname: { type: 'string', title: 'Nickname' } }, required: ['nickname'] } });

    const replace = await api(IMPORT, { method: 'POST', headers: a.auth, json: { typeDefinitions: [item(plain!, { label: 'Replaced', properties: [] })], options: { mergeStrategy: 'replace' } } });
    expect(replace.body.data.stats).toMatchObject({ updated: 1 });
    expect((await rowsOf(a.tenantId)).find((r) => r.name === plain)).toMatchObject({ label: 'Replaced', schemaDefinition: { properties: {} } });

    const before = comparable(await rowsOf(a.tenantId));
    const fresh = typeName();
    const bad = await api(IMPORT, {
      method: 'POST',
      headers: a.auth,
      json: {
        typeDefinitions: [
          item(fresh),
          item('Bad Name'),
          item(rich!, { appliesTo: 'user' }),
          item(typeName(), { properties: [{ name: 'x', type: 'date', displayName: 'X' }] }),
          item(fresh),
        ],
        options: { mergeStrategy: 'replace' },
      },
    });
    expect(bad.status).toBe(200);
    expectReferenceShape('POST', IMPORT, bad);
    expect(bad.body.data.success).toBe(false);
    expect(bad.body.data.errors.map((e: any) => [e.index, e.code])).toEqual([[1, 'VALIDATION_ERROR'], [2, 'VALIDATION_ERROR'], [3, 'VALIDATION_ERROR']]);
    expect(bad.body.data.errors[2].message).toContain('properties.properties.x.type');
    expect(bad.body.data.stats).toMatchObject({ created: 0, duplicates: 1, errors: 3 });
    expect(comparable(await rowsOf(a.tenantId))).toEqual(before);
    // Shape errors are 400 and write nothing.
    expectError(await api(IMPORT, { method: 'POST', headers: a.auth, json: { typeDefinitions: [{ name: 'x' }] } }), 400);
    expectError(await api(IMPORT, { method: 'POST', headers: a.auth, json: { typeDefinitions: [item(fresh)], options: { mergeStrategy: 'overwrite' } } }), 400);
    expect(comparable(await rowsOf(a.tenantId))).toEqual(before);
  });

  it('needs credentials and type_definitions:write to import', async () => {
    const a = await newTenant();
    const json = { typeDefinitions: [{ name: typeName(), label: 'No', appliesTo: 'user', properties: [] }] };
    expectError(await api(IMPORT, { method: 'POST', json }), 401);
    expectError(await api(EXPORT), 401);
    const member = await addMember(a.tenantId, 'member');
    expectError(await api(IMPORT, { method: 'POST', headers: member.auth, json }), 403);
    expect((await api(EXPORT, { headers: member.auth })).status).toBe(200);
    expect(await rowsOf(a.tenantId)).toEqual([]);
  });
});

describe('type definitions: spreadsheets', () => {
  it('exports one row per property and imports the file into another tenant equal (dry run equal)', async () => {
    const a = await newTenant();
    await seed(a, 2);
    for (const format of ['xlsx', 'csv', 'tsv']) {
      const res = await api(`${EXPORT}/excel?format=${format}`, { headers: a.auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe(String(Object.keys(richSchema.properties).length + 1));
    }
    const file = await exportFile(a, 'xlsx');
    const b = await newTenant();
    const dry = await importFile(b, file, 'types.xlsx', { dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/type-definitions/import/excel', dry);
    expect(await rowsOf(b.tenantId)).toEqual([]);
    const real = await importFile(b, file, 'types.xlsx');
    expect(real.body.data).toEqual({ ...dry.body.data, dryRun: false });
    expect(real.body.data.stats).toMatchObject({ created: 2, errors: 0 });
    expect(comparable(await rowsOf(b.tenantId))).toEqual(comparable(await rowsOf(a.tenantId)));
    // CSV too, into a third tenant.
    const c = await newTenant();
    expect((await importFile(c, await exportFile(a, 'csv'), 'types.csv')).body.data.success).toBe(true);
    expect(comparable(await rowsOf(c.tenantId))).toEqual(comparable(await rowsOf(a.tenantId)));
  });

  it('reports bad cells by index and row and writes nothing', async () => {
    const a = await newTenant();
    const name = typeName();
    const csv = [
      'type_name,label,applies_to,property_name,property_type,is_mandatory,validation_rules,default_value',
      `${name},Good type,space,size,integer,true,"{""minimum"":1}",3`,
      `${name},Good type,space,note,string,maybe,,`,
      `${typeName()},Other,user,x,string,false,{broken,`,
    ].join('\n');
    const res = await importFile(a, new TextEncoder().encode(csv), 'types.csv');
    expect(res.status).toBe(200);
    expect(res.body.data.success).toBe(false);
    expect(res.body.data.errors.map((e: any) => [e.index, e.row, e.column])).toEqual([[0, 3, 'is_mandatory'], [1, 4, 'validation_rules']]);
    expect(await rowsOf(a.tenantId)).toEqual([]);
  });

  it('is registered for the generic import and export with the same implementation', async () => {
    const t = transferType('type_definitions');
    expect(t).toMatchObject({ entityType: 'type_definitions', order: 5, exportPermission: 'type_definitions:read', importPermission: 'type_definitions:write' });
  });
});

async function exportFile(owner: SignedIn, format: string): Promise<Uint8Array> {
  const res = await download(`${EXPORT}/excel?format=${format}`, owner.auth);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

function importFile(owner: SignedIn, bytes: Uint8Array, name: string, options?: Record<string, unknown>) {
  const form = new FormData();
  form.set('file', new File([bytes], name));
  if (options) form.set('options', JSON.stringify(options));
  return api('/api/v1/secure/type-definitions/import/excel', { method: 'POST', headers: owner.auth, body: form });
}
