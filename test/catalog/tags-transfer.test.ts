// Tags file export and import (lib/transfer): translation columns, example row, merge strategies,
// dry run equal to the import, all or nothing without skipErrors, other tenants' ids refused.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { tags } from '../../src/db/schema/tags';
import { transferType } from '../../src/modules/catalog/transfer/transfer.registry';
import { addMember, withDb } from '../helpers/db';
import { api, download, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const T = '/api/v1/secure/taxonomy/tags';
const upload = (who: SignedIn, text: string, options?: unknown) => {
  const form = new FormData();
  form.append('file', new File([new Blob([text], { type: 'text/csv' })], 'tags.csv'));
  if (options !== undefined) form.append('options', JSON.stringify(options));
  return api(`${T}/import`, { method: 'POST', headers: who.auth, body: form });
};
const tagRows = (tenantId: string) => withDb((db) => db.select().from(tags).where(eq(tags.tenantId, tenantId)).orderBy(tags.name));
const lines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');

describe('tags export', () => {
  it('exports display names and translation columns; an empty export holds the example row', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de'] }).where(eq(tenants.id, owner.tenantId)));
    const empty = await download(`${T}/export`, owner.auth);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('x-total-count')).toBe('0');
    const [head, example] = await lines(empty);
    expect(head).toBe('id,name,normalized_name,language,persistent,usage_count,owner_type,owner_id,name_de,created_at,updated_at');
    expect(example).toContain('Meeting room');
    // Importing the empty export back writes nothing (the example row is skipped).
    const back = await upload(owner, `${head}\r\n${example}\r\n`);
    expect(back.body.data).toMatchObject({ success: true, stats: { created: 0 } });

    const link = await api(`${T}/link`, { method: 'POST', headers: owner.auth, json: { tag_name: 'Big Room', entity_type: 'tenant', entity_id: owner.tenantId } });
    await api(`${T}/${link.body.data.tag_id}/translations`, { method: 'PATCH', headers: owner.auth, json: { translations: [{ locale: 'de', name: 'Großer Raum' }] } });
    const res = await download(`${T}/export?format=csv`, owner.auth);
    expect(res.headers.get('x-total-count')).toBe('1');
    const [, row] = await lines(res);
    expect(row).toContain(`${link.body.data.tag_id},Big Room,big room,en,false,1,user,${owner.userId},Großer Raum,`);
    const xlsx = await download(`${T}/export?format=xlsx`, owner.auth);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const manager = await addMember(owner.tenantId, 'guest');
    expect((await download(`${T}/export`, manager.auth)).status).toBe(200);
    expect(transferType('tags')?.order).toBe(20);
  });
});

describe('tags import', () => {
  it('creates, matches by normalized name or id, and applies merge strategies; dry run answers what the import does', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
    const file = 'name,persistent,name_de,name_fr\r\nMeeting Room,,Besprechungsraum,Salle\r\nlobby,false,,\r\nMEETING  room,,,\r\n';
    const dry = await upload(owner, file, { dryRun: true });
    expect(dry.status).toBe(200);
    expectReferenceShape('POST', `${T}/import`, dry);
    expect(await tagRows(owner.tenantId)).toEqual([]);
    const real = await upload(owner, file);
    expect({ ...real.body.data, dryRun: true }).toEqual(dry.body.data);
    expect(real.body.data).toMatchObject({ success: true, entityType: 'tags', stats: { created: 2, updated: 0, duplicates: 1, errors: 0 } });
    const rows = await tagRows(owner.tenantId);
    expect(rows.map((r) => [r.name, r.displayName, r.persistent, r.translations])).toEqual([
      ['lobby', 'lobby', false, {}],
      ['meeting room', 'Meeting Room', true, { de: { name: 'Besprechungsraum' }, fr: { name: 'Salle' } }],
    ]);
    const id = rows[1]!.id;
    // skip (default): existing rows untouched.
    expect((await upload(owner, 'name,name_de\r\nmeeting room,X\r\n')).body.data.stats).toMatchObject({ skipped: 1, updated: 0 });
    // merge: only non-blank cells; replace: blank cells clear translations.
    await upload(owner, `id,name,name_de,name_fr\r\n${id},Meeting room,Sitzungszimmer,\r\n`, { mergeStrategy: 'merge' });
    expect((await tagRows(owner.tenantId))[1]!.translations).toEqual({ de: { name: 'Sitzungszimmer' }, fr: { name: 'Salle' } });
    await upload(owner, `id,name,name_de,name_fr\r\n${id},Meeting room,Sitzungszimmer,\r\n`, { mergeStrategy: 'replace' });
    expect((await tagRows(owner.tenantId))[1]).toMatchObject({ displayName: 'Meeting room', translations: { de: { name: 'Sitzungszimmer' } } });
  });

  it("reports row errors and writes nothing without skipErrors; another tenant's ids are REFERENCE_NOT_FOUND; needs taxonomy:write", async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const theirs = (await api(`${T}/curated`, { method: 'POST', headers: other.auth, json: { tag_name: 'theirs' } })).body.data.id;
    const file = `id,name,persistent\r\n,good,\r\n${theirs},stolen,\r\nnot-a-uuid,x,\r\n,bad,maybe\r\n,,true\r\n`;
    const res = await upload(owner, file);
    expect(res.body.data.success).toBe(false);
    expect(res.body.data.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'REFERENCE_NOT_FOUND'],
      [4, 'INVALID_UUID'],
      [5, 'INVALID_FORMAT'],
      [6, 'REQUIRED_FIELD'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain('"theirs"');
    expect(await tagRows(owner.tenantId)).toEqual([]);
    const partial = await upload(owner, file, { skipErrors: true });
    expect(partial.body.data).toMatchObject({ success: true, stats: { created: 1, errors: 4 } });
    expect((await tagRows(owner.tenantId)).map((r) => r.name)).toEqual(['good']);
    expect((await tagRows(other.tenantId)).map((r) => r.name)).toEqual(['theirs']);
    const manager = await addMember(owner.tenantId, 'manager');
    expectError(await upload(manager, 'name\r\nx\r\n'), 403);
    expectError(await upload(owner, 'title\r\nx\r\n'), 400);
    expectError(await api(`${T}/import`, { method: 'POST', headers: owner.auth, json: {} }), 400);
  });
});
