// Contacts through the generic file export and import (`/export/contacts`, `/import/contacts`):
// the example row, E.164 phones, merge strategies, all or nothing, other tenants' ids refused.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema/contacts';
import { csv, download, upload } from '../catalog/transfer-helpers';
import { api } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { withDb } from '../helpers/db';

const importCsv = (who: SignedIn, text: string, options?: unknown) => upload('/api/v1/secure/import/contacts', who.auth, csv(text), 'contacts.csv', options);
const rows = (tenantId: string) => withDb((db) => db.select().from(contacts).where(eq(contacts.tenantId, tenantId)).orderBy(contacts.firstName));
const lines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
const HEAD = 'id,first_name,middle_name,last_name,email,phone,url,notes,address_street,address_street_number,address_city,address_postal_code,address_region,address_country,address_country_code,created_at,updated_at';

describe('contacts export and import', () => {
  it('exports an example row when empty, imports new contacts with E.164 phones, and exports them back', async () => {
    const owner = await newTenant();
    const empty = await download('/api/v1/secure/export/contacts?format=csv', owner.auth);
    expect(empty.status).toBe(200);
    const [head, example] = await lines(empty);
    expect(head).toBe(HEAD);
    expect(example).toContain('Lovelace');
    const back = await importCsv(owner, `${head}\r\n${example}\r\n`);
    expect(back.body.data).toMatchObject({ success: true, stats: { created: 0 } });
    expect(await rows(owner.tenantId)).toEqual([]);

    const file = `${HEAD}\r\n,Ada,,Lovelace,ada@example.test,044 668 18 00,,,Bahnhofstrasse,1,Zürich,8001,,,ch,,\r\n,Grace,,Hopper,,+1 202 555 0143,,,,,,,,,,,\r\n`;
    const res = await importCsv(owner, file);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ success: true, entityType: 'contacts', stats: { created: 2, updated: 0, errors: 0 } });
    const [ada, grace] = await rows(owner.tenantId);
    expect(ada).toMatchObject({ firstName: 'Ada', phone: '+41446681800', address: { street: 'Bahnhofstrasse', street_number: '1', city: 'Zürich', postal_code: '8001', country_code: 'CH' }, createdBy: owner.userId });
    expect(grace).toMatchObject({ firstName: 'Grace', phone: '+12025550143', address: null });

    const out = await download('/api/v1/secure/export/contacts?format=csv', owner.auth);
    expect(out.headers.get('x-total-count')).toBe('2');
    const [, first] = await lines(out);
    expect(first).toContain(`${grace!.id},Grace,,Hopper,,`);
    expect(first).toContain(`+12025550143`);
  });

  it('updates by id per merge strategy; a bad row blocks everything unless skipErrors', async () => {
    const owner = await newTenant();
    const made = await api('/api/v1/secure/contacts/', { method: 'POST', headers: owner.auth, json: { firstName: 'Ada', lastName: 'Lovelace', notes: 'keep', address: { city: 'Bern', country_code: 'CH' } } });
    const id = made.body.data.id as string;
    const change = `${HEAD}\r\n${id},Augusta,,,,079 123 45 67,,,,,,,,,,,\r\n`;
    expect((await importCsv(owner, change)).body.data.stats).toMatchObject({ skipped: 1, updated: 0 });
    const merged = await importCsv(owner, change, { mergeStrategy: 'merge' });
    expect(merged.body.data.stats).toMatchObject({ updated: 1 });
    expect((await rows(owner.tenantId))[0]).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace', notes: 'keep', phone: '+41791234567', address: { city: 'Bern', country_code: 'CH' } });
    const replaced = await importCsv(owner, `${HEAD}\r\n${id},Augusta,,,,,,,,,,,,,,,\r\n`, { mergeStrategy: 'replace' });
    expect(replaced.body.data.stats).toMatchObject({ updated: 1 });
    expect((await rows(owner.tenantId))[0]).toMatchObject({ firstName: 'Augusta', lastName: null, notes: null, address: null, phone: null });

    // A row with nothing but read-only cells is an empty contact; with bad rows, nothing is written.
    const bad = `${HEAD}\r\n,New,,,,,,,,,,,,,,,\r\n,,,,,,,,,,,,,,,2024-01-01T00:00:00Z,\r\n,Eve,,,not-an-email,,,,,,,,,,,,\r\n,Phone,,,,12,,,,,,,,,,,\r\n${crypto.randomUUID()},Ghost,,,,,,,,,,,,,,,\r\nnope,X,,,,,,,,,,,,,,,\r\n`;
    const blocked = await importCsv(owner, bad);
    expect(blocked.body.data.success).toBe(false);
    expect(blocked.body.data.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'REQUIRED_FIELD'],
      [4, 'VALIDATION_ERROR'],
      [5, 'VALIDATION_ERROR'],
      [6, 'REFERENCE_NOT_FOUND'],
      [7, 'INVALID_UUID'],
    ]);
    expect(await rows(owner.tenantId)).toHaveLength(1);
    const dry = await importCsv(owner, bad, { skipErrors: true, dryRun: true });
    expect(dry.body.data).toMatchObject({ dryRun: true, stats: { created: 1 } });
    expect(await rows(owner.tenantId)).toHaveLength(1);
    const skipped = await importCsv(owner, bad, { skipErrors: true });
    expect(skipped.body.data.stats).toMatchObject({ created: 1, errors: 5 });
    expect((await rows(owner.tenantId)).map((r) => r.firstName)).toEqual(['Augusta', 'New']);
  });

  it("refuses another tenant's ids and needs the permissions", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const id = (await api('/api/v1/secure/contacts/', { method: 'POST', headers: a.auth, json: { firstName: 'Ada' } })).body.data.id as string;
    const res = await importCsv(b, `${HEAD}\r\n${id},Eve,,,,,,,,,,,,,,,\r\n`, { mergeStrategy: 'replace' });
    expect(res.body.data.errors).toMatchObject([{ row: 2, code: 'REFERENCE_NOT_FOUND' }]);
    expect((await rows(a.tenantId))[0]).toMatchObject({ firstName: 'Ada' });
    expect(await rows(b.tenantId)).toEqual([]);
    const out = await download('/api/v1/secure/export/contacts?format=csv', b.auth);
    expect(await out.text()).not.toContain(id);
    expect((await importCsv({ ...a, auth: { authorization: 'Bearer nope' } }, HEAD)).status).toBe(401);
  });
});
