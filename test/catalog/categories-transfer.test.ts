import { eq } from 'drizzle-orm';
import { readSheet } from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { categories } from '../../src/db/schema/categories';
import { addMember, withDb } from '../helpers/db';
import { api, download, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const C = '/api/v1/secure/taxonomy/categories';

function upload(as: SignedIn, text: string | Blob, options?: unknown, name = 'categories.csv') {
  const form = new FormData();
  form.append('file', new File([text], name));
  if (options !== undefined) form.append('options', JSON.stringify(options));
  return api(`${C}/import`, { method: 'POST', headers: as.auth, body: form });
}
async function tenantWithLanguages(): Promise<SignedIn> {
  const owner = await newTenant();
  await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de'] }).where(eq(tenants.id, owner.tenantId)));
  return owner;
}
const rows = (tenantId: string) => withDb((db) => db.select().from(categories).where(eq(categories.tenantId, tenantId)));
const exportOf = (as: SignedIn, q = '') => download(`${C}/export${q}`, as.auth);

describe('categories import and export', () => {
  it('imports parents by key in any order with translations; dry run equals the import; export round-trips', async () => {
    const owner = await tenantWithLanguages();
    const file = 'key,parent_key,name,description,name_de\r\nsmall,rooms,Small rooms,,Kleine Räume\r\nrooms,,Rooms,All rooms,Räume\r\nbig,rooms,Big rooms,,\r\ntiny,small,Tiny,,\r\n';
    const dry = await upload(owner, file, { dryRun: true });
    expect(dry.status).toBe(200);
    expectReferenceShape('POST', `${C}/import`, dry);
    expect(await rows(owner.tenantId)).toEqual([]);
    const real = await upload(owner, file);
    expect({ ...real.body.data, dryRun: true }).toEqual(dry.body.data);
    expect(real.body.data).toMatchObject({ success: true, dryRun: false, entityType: 'categories', stats: { created: 4, updated: 0, skipped: 0, duplicates: 0, errors: 0 }, totalRows: 4 });
    const tree = await api(`${C}/tree?preferredLanguage=de`, { headers: owner.auth });
    expect(tree.body.data).toMatchObject([{ key: 'rooms', name: 'Räume', children: [{ key: 'big', level: 1 }, { key: 'small', name: 'Kleine Räume', children: [{ key: 'tiny', level: 2 }] }] }]);

    const res = await exportOf(owner, '?format=csv');
    expect(res.headers.get('x-total-count')).toBe('4');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,key,parent_key,name,description,language,filter_id,level,usage_count,name_en,description_en,name_de,description_de');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['rooms', 'big', 'small', 'tiny']);
    const xlsx = await exportOf(owner, '?format=xlsx');
    const sheet = await readSheet(await xlsx.arrayBuffer());
    expect(sheet.find((r) => r[1] === 'small')!.slice(2, 4)).toEqual(['rooms', 'Small rooms']);

    // Re-importing the export into another tenant recreates the same tree (ids are this tenant's: matched by key there would fail by id, so drop them).
    const other = await tenantWithLanguages();
    const withoutIds = lines.map((l, i) => (i === 0 ? l : l.replace(/^[^,]*/, ''))).join('\r\n');
    const copy = await upload(other, withoutIds);
    expect(copy.body.data.stats).toMatchObject({ created: 4, errors: 0 });
    const foreignIds = await upload(other, lines.join('\r\n'));
    expect(foreignIds.body.data.errors.map((e: { code: string }) => e.code)).toEqual(['REFERENCE_NOT_FOUND', 'REFERENCE_NOT_FOUND', 'REFERENCE_NOT_FOUND', 'REFERENCE_NOT_FOUND']);
    // Updating by key: merge keeps blank cells, replace clears them.
    const merge = await upload(owner, 'key,description,name_de\r\nrooms,,Zimmer\r\n', { mergeStrategy: 'merge' });
    expect(merge.body.data.stats).toMatchObject({ updated: 1 });
    const rooms = (await api(`${C}/?search=rooms&roots=true`, { headers: owner.auth })).body.data[0];
    expect(rooms).toMatchObject({ description: 'All rooms' });
    expect((await api(`${C}/${rooms.id}`, { headers: owner.auth })).body.data.translations_i18n).toEqual({ de: { name: 'Zimmer', description: null } });
    const skip = await upload(owner, 'key,name\r\nrooms,Ignored\r\n');
    expect(skip.body.data.stats).toMatchObject({ skipped: 1, updated: 0 });
  });

  it('row errors: unknown parent, cycles, depth, base-language translation, bad keys, duplicates; nothing written without skipErrors', async () => {
    const owner = await tenantWithLanguages();
    const deep = Array.from({ length: 12 }, (_, i) => `d${i},${i ? `d${i - 1}` : ''},Deep ${i},`).join('\r\n');
    const file = `key,parent_key,name,name_en\r\na,b,A,\r\nb,a,B,\r\nok,,Ok,\r\norphan,missing,Orphan,\r\nBad Key,,X,\r\nbase,,Base,Base again\r\nok,,Dup,\r\nnoname,,,\r\n${deep}\r\n`;
    const res = await upload(owner, file);
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${C}/import`, res);
    const d = res.body.data;
    expect(d.success).toBe(false);
    expect(d.stats).toMatchObject({ created: 0, updated: 0, duplicates: 1 });
    const codes = d.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual(expect.arrayContaining(['2:VALIDATION_ERROR', '3:VALIDATION_ERROR', '5:REFERENCE_NOT_FOUND', '6:INVALID_FORMAT', '7:VALIDATION_ERROR', '9:REQUIRED_FIELD', '21:VALIDATION_ERROR']));
    expect(await rows(owner.tenantId)).toEqual([]);
    const dry = await upload(owner, file, { skipErrors: true, dryRun: true });
    const partial = await upload(owner, file, { skipErrors: true });
    expect({ ...partial.body.data, dryRun: true }).toEqual(dry.body.data);
    expect(partial.body.data.success).toBe(true);
    // ok plus d0..d10 (d11 would sit at level 11).
    expect((await rows(owner.tenantId)).map((r) => r.key).sort()).toEqual(['ok', ...Array.from({ length: 11 }, (_, i) => `d${i}`)].sort());
  });

  it('10,000 rows in chunks (few round trips); 401, 403 for a manager, 400 for a file without key', async () => {
    const owner = await tenantWithLanguages();
    const lines = ['key,parent_key,name,name_de'];
    for (let i = 0; i < 10_000; i++) lines.push(`k-${i},${i >= 100 ? `k-${i % 100}` : ''},Name ${i},Name de ${i}`);
    const res = await upload(owner, lines.join('\n'));
    expect(res.body.data.stats).toMatchObject({ created: 10_000, errors: 0 });
    const trips = roundTrips(res);
    console.log(`10,000-row import: ${trips.roundTrips} round trips (+${trips.connect} to connect)`);
    expect(trips.roundTrips).toBeLessThan(40);
    expect((await rows(owner.tenantId)).length).toBe(10_000);

    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await upload(manager, 'key,name\r\nx,X\r\n'), 403);
    expectError(await api(`${C}/import`, { method: 'POST' }), 401);
    expectError(await api(`${C}/export`), 401);
    expectError(await upload(owner, 'name\r\nX\r\n'), 400);
    const empty = await newTenant();
    const ex = await (await exportOf(empty)).text();
    expect(ex).toContain('example-category');
    const reimport = await upload(empty, ex.replace(/^\uFEFF/, ''));
    expect(reimport.body.data.stats).toMatchObject({ created: 0, errors: 0 });
  });
});
