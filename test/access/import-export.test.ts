import { eq } from 'drizzle-orm';
import { readSheet } from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { groups } from '../../src/db/schema/access';
import { memberships, users } from '../../src/db/schema/accounts';
import { api, download, expectError, expectReferenceShape } from '../helpers/http';
import { addMember, withDb } from '../helpers/db';
import { newTenant, unique } from '../helpers/identity';

const U = '/api/v1/secure/users';
const G = '/api/v1/secure/groups';

function upload(path: string, auth: Record<string, string>, file: Blob, name: string, options?: unknown) {
  const form = new FormData();
  form.append('file', new File([file], name));
  if (options !== undefined) form.append('options', JSON.stringify(options));
  return api(path, { method: 'POST', headers: auth, body: form });
}
const csv = (text: string) => new Blob([text], { type: 'text/csv' });
const tenantUsers = (tenantId: string) =>
  withDb((db) => db.select({ email: users.email, first: users.firstName }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(eq(memberships.tenantId, tenantId)));

describe('users export', () => {
  it('exports members as CSV, TSV and XLSX with a header row; other tenants never appear', async () => {
    const owner = await newTenant();
    const m = await addMember(owner.tenantId);
    await api(`${U}/${m.userId}`, { method: 'PATCH', headers: owner.auth, json: { firstName: '=HYPERLINK("x")', lastName: 'Ünal, Jr.' } });
    const other = await newTenant();
    const res = await download(`${U}/export?format=csv`, owner.auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="users-.*\.csv"/);
    expect(res.headers.get('x-total-count')).toBe('2');
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,email,first_name,middle_name,last_name,display_name,locale,status,role,email_confirmed_at,created_at,updated_at');
    expect(lines.length).toBe(3);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain('"Ünal, Jr."');
    expect(text).not.toContain(other.email);
    const tsv = await download(`${U}/export?format=tsv`, owner.auth);
    expect((await tsv.text()).split('\r\n')[0]).toContain('id\temail\t');
    const xlsx = await download(`${U}/export?format=xlsx`, owner.auth);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readSheet(await xlsx.arrayBuffer());
    expect(sheet[0]![1]).toBe('email');
    expect(sheet.map((r) => r[1])).toContain(m.email);
    expect(sheet.find((r) => r[1] === m.email)![2]).toBe('=HYPERLINK("x")');
  });

  it('400 for an unknown format, 401, 403 for guests', async () => {
    const owner = await newTenant();
    expectError(await api(`${U}/export?format=pdf`, { headers: owner.auth }), 400);
    expectError(await api(`${U}/export`), 401);
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(`${U}/export`, { headers: guest.auth }), 403);
    expectError(await api(`${G}/export`, { headers: guest.auth }), 403);
  });
});

describe('users import', () => {
  it('dry run validates and counts, writes nothing; row errors carry row numbers and codes', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const a = `${unique('a-')}@example.test`;
    const file = csv(
      `email,first_name,locale,favourite_colour\r\n${a},Ann,de,blue\r\nnot-an-email,Bob,en,\r\n,NoEmail,en,\r\n${other.email},Eve,en,\r\n${a},Dup,en,\r\nz@example.test,Zed,xx,\r\n`,
    );
    const res = await upload(`${U}/import`, owner.auth, file, 'users.csv', { dryRun: true });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', `${U}/import`, res);
    const d = res.body.data;
    expect(d).toMatchObject({ dryRun: true, success: false, entityType: 'contacts', totalRows: 6 });
    expect(d.stats).toEqual({ created: 1, updated: 0, skipped: 0, duplicates: 1, errors: 4 });
    expect(d.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'INVALID_FORMAT'],
      [4, 'REQUIRED_FIELD'],
      [5, 'DUPLICATE_ENTRY'],
      [7, 'VALIDATION_ERROR'],
    ]);
    expect(d.warnings.join(' ')).toMatch(/favourite_colour/);
    expect((await tenantUsers(owner.tenantId)).length).toBe(1);
  });

  it('without skipErrors nothing is written; with it the valid rows are; merge strategies apply', async () => {
    const owner = await newTenant();
    const a = `${unique('a-')}@example.test`;
    const b = `${unique('b-')}@example.test`;
    const bad = await upload(`${U}/import`, owner.auth, csv(`email,first_name\n${a},Ann\nbroken,X\n`), 'u.csv');
    expect(bad.body.data).toMatchObject({ success: false, dryRun: false, stats: { created: 0, errors: 1 } });
    expect((await tenantUsers(owner.tenantId)).length).toBe(1);
    const ok = await upload(`${U}/import`, owner.auth, csv(`email,first_name\n${a},Ann\nbroken,X\n`), 'u.csv', { skipErrors: true });
    expect(ok.body.data).toMatchObject({ success: true, stats: { created: 1, errors: 1 } });
    expect(ok.body.data.warnings.join(' ')).toMatch(/no password/);
    expect((await tenantUsers(owner.tenantId)).map((u) => u.email)).toContain(a);

    const tsv = new Blob([`email\tfirst_name\tlast_name\n${a}\t\tAnders\n${b}\tBea\t\n`]);
    const skip = await upload(`${U}/import`, owner.auth, tsv, 'u.tsv');
    expect(skip.body.data.stats).toMatchObject({ created: 1, skipped: 1, updated: 0 });
    const merge = await upload(`${U}/import`, owner.auth, tsv, 'u.tsv', { mergeStrategy: 'merge' });
    expect(merge.body.data.stats).toMatchObject({ created: 0, updated: 2 });
    const [ann] = await withDb((db) => db.select().from(users).where(eq(users.email, a)));
    expect([ann!.firstName, ann!.lastName]).toEqual(['Ann', 'Anders']);
    await upload(`${U}/import`, owner.auth, tsv, 'u.tsv', { mergeStrategy: 'replace' });
    const [ann2] = await withDb((db) => db.select().from(users).where(eq(users.email, a)));
    expect([ann2!.firstName, ann2!.lastName]).toEqual([null, 'Anders']);
  });

  it('reads XLSX, updates by id, refuses ids of other tenants', async () => {
    const owner = await newTenant();
    const m = await addMember(owner.tenantId);
    const other = await newTenant();
    const blob = await writeXlsxFile([
      ['ID', 'Email', 'First Name'],
      [m.userId, m.email, 'Mia'],
      [other.userId, other.email, 'Hacked'],
    ]).toBlob();
    const res = await upload(`${U}/import`, owner.auth, blob, 'users.xlsx', { mergeStrategy: 'merge', skipErrors: true });
    expect(res.status).toBe(200);
    expect(res.body.data.stats).toMatchObject({ updated: 1, errors: 1 });
    expect(res.body.data.errors[0]).toMatchObject({ row: 3, column: 'id', code: 'REFERENCE_NOT_FOUND' });
    const [mia] = await withDb((db) => db.select().from(users).where(eq(users.id, m.userId)));
    expect(mia!.firstName).toBe('Mia');
    const [them] = await withDb((db) => db.select().from(users).where(eq(users.id, other.userId)));
    expect(them!.firstName).toBeNull();
  });

  it('file-level problems: 400 for a missing file, bad options, a missing column, too many rows; 413 over 10 MB; 403; 401', async () => {
    const owner = await newTenant();
    expectError(await api(`${U}/import`, { method: 'POST', headers: owner.auth, body: new FormData() }), 400);
    expectError(await api(`${U}/import`, { method: 'POST', headers: owner.auth, json: { file: 'x' } }), 400);
    expectError(await upload(`${U}/import`, owner.auth, csv('email\na@b.test\n'), 'u.csv', { mergeStrategy: 'overwrite' }), 400);
    const noEmail = await upload(`${U}/import`, owner.auth, csv('name\nx\n'), 'u.csv');
    expectError(noEmail, 400);
    expect(noEmail.body.details.code).toBe('FILE_ERROR');
    const rows = Array.from({ length: 10_001 }, (_, i) => `u${i}@example.test`).join('\n');
    const many = await upload(`${U}/import`, owner.auth, csv(`email\n${rows}\n`), 'u.csv');
    expectError(many, 400);
    expect(many.body.message).toMatch(/10000/);
    const huge = await upload(`${U}/import`, owner.auth, csv(`email\n${'x'.repeat(10 * 1024 * 1024 + 10)}\n`), 'u.csv');
    expectError(huge, 413);
    const garbage = await upload(`${U}/import`, owner.auth, new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2])]), 'u.xlsx');
    expectError(garbage, 400);
    expect((await tenantUsers(owner.tenantId)).length).toBe(1);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await upload(`${U}/import`, member.auth, csv('email\nq@example.test\n'), 'u.csv'), 403);
    expectError(await upload(`${U}/import`, {}, csv('email\nq@example.test\n'), 'u.csv'), 401);
  });
});

describe('groups import and export', () => {
  it('round-trips groups; validates permission codes per row', async () => {
    const owner = await newTenant();
    await api(`${G}/create`, { method: 'POST', headers: owner.auth, json: { name: 'Editors', permissions: ['spaces:write', 'files:write'] } });
    const res = await download(`${G}/export?format=xlsx`, owner.auth);
    expect(res.status).toBe(200);
    const sheet = await readSheet(await res.arrayBuffer());
    expect(sheet[0]).toEqual(['id', 'name', 'description', 'permissions', 'member_count', 'created_at', 'updated_at']);
    expect(sheet[1]![3]).toBe('spaces:write files:write');

    const other = await newTenant();
    const dry = await upload(`${G}/import`, other.auth, await (await download(`${G}/export?format=csv`, owner.auth)).blob(), 'g.csv', { dryRun: true });
    expect(dry.body.data.errors[0]).toMatchObject({ row: 2, column: 'id', code: 'REFERENCE_NOT_FOUND' });

    const file = csv('name,permissions\nAuditors,"audit:read, users:read"\nBad,"users:fly system:admin"\nAuditors,audit:read\nEditors,calendar:write\n');
    const r = await upload(`${G}/import`, owner.auth, file, 'g.csv', { mergeStrategy: 'merge', skipErrors: true });
    expect(r.status).toBe(200);
    expectReferenceShape('POST', `${G}/import`, r);
    expect(r.body.data).toMatchObject({ entityType: 'groups', success: true, stats: { created: 1, updated: 1, duplicates: 1, errors: 1 } });
    expect(r.body.data.errors[0]).toMatchObject({ row: 3, column: 'permissions', code: 'VALIDATION_ERROR', value: 'users:fly system:admin' });
    const rows = await withDb((db) => db.select().from(groups).where(eq(groups.tenantId, owner.tenantId)));
    expect(Object.fromEntries(rows.map((g) => [g.name, g.permissions]))).toEqual({
      Auditors: ['audit:read', 'users:read'],
      Editors: ['spaces:write', 'files:write', 'calendar:write'],
    });
    const admin = await addMember(owner.tenantId, 'admin');
    const esc = await upload(`${G}/import`, admin.auth, csv('name,permissions\nDeleters,tenant:delete\n'), 'g.csv');
    expect(esc.body.data.errors[0]).toMatchObject({ code: 'VALIDATION_ERROR', value: 'tenant:delete' });
    expect((await withDb((db) => db.select().from(groups).where(eq(groups.name, 'Deleters')))).filter((g) => g.tenantId === owner.tenantId)).toEqual([]);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await upload(`${G}/import`, member.auth, csv('name\nX\n'), 'g.csv'), 403);
  });
});
