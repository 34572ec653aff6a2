// The generic import and export (/secure/export/…, /secure/import/…) with groups, the type
// registered today: files in each format, comments, the example row, permissions, bad input,
// unknown types and another tenant's ids.
import { and, eq } from 'drizzle-orm';
import { readSheet } from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { auditLogs, groups } from '../../src/db/schema/access';
import { TRANSFER_ENTITY_TYPES } from '../../src/lib/transfer/model';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, unique, type SignedIn } from '../helpers/identity';
import { csv, download, readComments, upload } from './transfer-helpers';

const E = '/api/v1/secure/export';
const I = '/api/v1/secure/import';

const tenantGroups = (tenantId: string) => withDb((db) => db.select().from(groups).where(eq(groups.tenantId, tenantId)));
const byName = async (tenantId: string) => Object.fromEntries((await tenantGroups(tenantId)).map((g) => [g.name, g]));

async function createGroup(as: SignedIn, name: string, permissions: string[] = []) {
  const res = await api('/api/v1/secure/groups/create', { method: 'POST', headers: as.auth, json: { name, permissions } });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

/** A member of `owner`'s tenant with `role`, given `permissions` through a group. */
async function memberWith(owner: SignedIn, role: 'member' | 'guest', permissions: string[]) {
  const m = await addMember(owner.tenantId, role);
  const id = await createGroup(owner, unique('grant-'), permissions);
  const res = await api(`/api/v1/secure/groups/${id}/members`, { method: 'POST', headers: owner.auth, json: { userId: m.userId } });
  expect(res.status).toBe(204);
  return m;
}

/** Round trips of a read, the fewest of three calls (a call now and then refills an isolate cache). */
async function fewestRoundTrips(path: string, as: SignedIn) {
  const counts = [];
  for (let i = 0; i < 3; i++) counts.push(roundTrips(await api(path, { headers: as.auth })).roundTrips);
  return Math.min(...counts);
}

describe('type lists', () => {
  it('list the registered types the caller may use, the formats without xls, strategies and limits', async () => {
    const owner = await newTenant();
    const ex = await api(`${E}/`, { headers: owner.auth });
    expect(ex.status).toBe(200);
    expectReferenceShape('GET', `${E}/`, ex);
    // Areas register more types as they land: groups is there today; every listed type is served and
    // every other one answers 404.
    const listed: string[] = ex.body.data.entityTypes;
    expect(ex.body.data).toEqual({ entityTypes: expect.arrayContaining(['groups']), formats: ['xlsx', 'csv', 'tsv'] });
    for (const t of TRANSFER_ENTITY_TYPES) expect((await api(`${E}/${t}`, { headers: owner.auth })).status, t).toBe(listed.includes(t) ? 200 : 404);
    expect(await fewestRoundTrips(`${E}/`, owner)).toBe(1);
    const im = await api(`${I}/`, { headers: owner.auth });
    expect(im.status).toBe(200);
    expectReferenceShape('GET', `${I}/`, im);
    expect(im.body.data).toEqual({ entityTypes: expect.arrayContaining(['groups']), formats: ['xlsx', 'csv', 'tsv'], mergeStrategies: ['skip', 'replace', 'merge'], maxFileSizeMB: 10, maxRows: 10000 });
    expect((await api(E, { headers: owner.auth })).status).toBe(200);

    // A guest given data:export by a group holds no groups:read: groups is not listed, and 403.
    const guest = await memberWith(owner, 'guest', ['data:export']);
    expect((await api(`${E}/`, { headers: guest.auth })).body.data.entityTypes).not.toContain('groups');
    expectError(await api(`${E}/groups`, { headers: guest.auth }), 403);
  });

  it('401 without credentials, 403 without data:export / data:import', async () => {
    const owner = await newTenant();
    expectError(await api(`${E}/`), 401);
    expectError(await api(`${I}/`), 401);
    expectError(await api(`${E}/groups`), 401);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await api(`${E}/`, { headers: member.auth }), 403);
    expectError(await api(`${E}/groups`, { headers: member.auth }), 403);
    const manager = await addMember(owner.tenantId, 'manager'); // data:export, no data:import
    expect((await api(`${E}/`, { headers: manager.auth })).status).toBe(200);
    expectError(await api(`${I}/`, { headers: manager.auth }), 403);
    expectError(await upload(`${I}/groups`, manager.auth, csv('name\nX\n'), 'g.csv'), 403);
    expectError(await upload(`${I}/groups`, {}, csv('name\nX\n'), 'g.csv'), 401);
    expectError(await upload(`${I}/groups/validate`, member.auth, csv('name\nX\n'), 'g.csv'), 403);

    // data:import through a group, but no groups:write: groups is not listed, 403, nothing written.
    const importer = await memberWith(owner, 'member', ['data:import']);
    expect((await api(`${I}/`, { headers: importer.auth })).body.data.entityTypes).not.toContain('groups');
    const before = (await tenantGroups(owner.tenantId)).length;
    const refused = await upload(`${I}/groups`, importer.auth, csv('name\nX\n'), 'g.csv');
    expectError(refused, 403);
    expect(refused.body.details.permission).toBe('groups:write');
    expectError(await upload(`${I}/groups/validate`, importer.auth, csv('name\nX\n'), 'g.csv'), 403);
    expect((await tenantGroups(owner.tenantId)).length).toBe(before);
  });
});

describe('export', () => {
  it('groups as CSV, TSV and XLSX (header comments), one round trip, paged by offset; other tenants never appear', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    await createGroup(other, 'Their group');
    for (const name of ['Alpha', 'Beta', 'Gamma']) await createGroup(owner, name, ['spaces:read']);

    const res = await download(`${E}/groups?format=csv`, owner.auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="groups-.*\.csv"/);
    expect(res.headers.get('x-total-count')).toBe('3');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,name,description,permissions,member_count,created_at,updated_at');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['Alpha', 'Beta', 'Gamma']);

    // The page goes with the caller check.
    expect(await fewestRoundTrips(`${E}/groups?format=csv`, owner)).toBe(1);

    const tsv = await download(`${E}/groups?format=tsv`, owner.auth);
    expect((await tsv.text()).split('\r\n')[0]).toContain('id\tname\tdescription\t');

    const xlsx = await download(`${E}/groups?format=xlsx`, owner.auth);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    const comments = readComments(bytes);
    expect(Object.keys(comments)).toEqual(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1']);
    expect(comments.B1).toMatch(/Required, 1-255 characters/);
    expect(comments.D1).toMatch(/Permission codes/);
    const sheet = await readSheet(bytes.buffer);
    expect(sheet[0]).toEqual(['id', 'name', 'description', 'permissions', 'member_count', 'created_at', 'updated_at']);
    expect(sheet.slice(1).map((r) => r[1])).toEqual(['Alpha', 'Beta', 'Gamma']);

    const page = await download(`${E}/groups?limit=2&offset=2`, owner.auth);
    expect(page.headers.get('x-total-count')).toBe('3');
    const pageLines = (await page.text()).trim().split('\r\n');
    expect(pageLines.slice(1).map((l) => l.split(',')[1])).toEqual(['Gamma']);
  });

  it('an empty export holds the example row (id `example`); importing the filled-in file skips it', async () => {
    const owner = await newTenant();
    expect(await tenantGroups(owner.tenantId)).toEqual([]);
    const res = await download(`${E}/groups?format=xlsx`, owner.auth);
    expect(res.headers.get('x-total-count')).toBe('0');
    const sheet = await readSheet(await res.arrayBuffer());
    expect(sheet.length).toBe(2);
    expect(sheet[1]![0]).toBe('example');
    expect(sheet[1]![1]).toBe('Facility team');

    // The user keeps the example row and adds theirs (one with a bad code, to see row numbers).
    const filled = await writeXlsxFile([...sheet, [null, 'Ops', null, 'spaces:read', null, null, null], [null, 'Bad', null, 'users:fly', null, null, null]] as never).toBlob();
    const dry = await upload(`${I}/groups/validate`, owner.auth, filled, 'groups.xlsx');
    expect(dry.status).toBe(200);
    expectReferenceShape('POST', `${I}/{entityType}/validate`, dry);
    expect(dry.body.data).toMatchObject({ dryRun: true, success: false, totalRows: 2, stats: { created: 1, errors: 1 } });
    expect(dry.body.data.errors).toEqual([expect.objectContaining({ row: 4, column: 'permissions', code: 'VALIDATION_ERROR' })]);
    expect(dry.body.data.warnings[0]).toBe('Row 2 is an example row (id `example`): skipped');

    const run = await upload(`${I}/groups`, owner.auth, filled, 'groups.xlsx', { skipErrors: true });
    expect(run.body.data).toMatchObject({ success: true, dryRun: false, stats: { created: 1, errors: 1 } });
    expect(Object.keys(await byName(owner.tenantId))).toEqual(['Ops']);

    // Warnings name the file's rows too; `Example` in any case, anywhere, is the marker.
    const text = await upload(`${I}/groups/validate`, owner.auth, csv('id,name\n,New\nEXAMPLE,Facility team\n,New\n'), 'g.csv');
    expect(text.body.data.warnings).toEqual(['Row 3 is an example row (id `example`): skipped', 'Row 4 repeats row 2 (New): skipped']);
    expect(text.body.data.stats).toMatchObject({ created: 1, duplicates: 1 });
  });

  it('400 for a bad format or offset, 404 for an unknown or unregistered type', async () => {
    const owner = await newTenant();
    expectError(await api(`${E}/groups?format=pdf`, { headers: owner.auth }), 400);
    expectError(await api(`${E}/groups?format=xls`, { headers: owner.auth }), 400);
    expectError(await api(`${E}/groups?offset=-1`, { headers: owner.auth }), 400);
    expectError(await api(`${E}/groups?limit=10001`, { headers: owner.auth }), 400);
    expectError(await api(`${E}/bogus`, { headers: owner.auth }), 404);
    // Users are `contacts` only once the directory registers them.
    expectError(await api(`${E}/users`, { headers: owner.auth }), 404);
    expectError(await api(`${E}/${'x'.repeat(65)}`, { headers: owner.auth }), 400);
    expectError(await upload(`${I}/bogus`, owner.auth, csv('name\nX\n'), 'g.csv'), 404);
    expectError(await upload(`${I}/users/validate`, owner.auth, csv('name\nX\n'), 'g.csv'), 404);
  });
});

describe('import', () => {
  it('creates and updates groups from CSV, TSV and XLSX; merge strategies apply', async () => {
    const owner = await newTenant();
    const r1 = await upload(`${I}/groups`, owner.auth, csv('name,description,permissions\nEditors,Edit things,spaces:write\nReaders,,"spaces:read, files:read"\n'), 'g.csv');
    expect(r1.status).toBe(200);
    expectReferenceShape('POST', `${I}/{entityType}`, r1);
    expect(r1.body.data).toMatchObject({ success: true, dryRun: false, entityType: 'groups', totalRows: 2, processedRows: 2, stats: { created: 2, updated: 0, skipped: 0, duplicates: 0, errors: 0 } });
    let g = await byName(owner.tenantId);
    expect(g.Readers!.permissions).toEqual(['spaces:read', 'files:read']);
    const [audit] = await withDb((db) => db.select().from(auditLogs).where(and(eq(auditLogs.tenantId, owner.tenantId), eq(auditLogs.action, 'import.run'))));
    expect(audit).toMatchObject({ resourceType: 'groups', details: expect.objectContaining({ entityType: 'groups', created: 2, dryRun: false }) });

    const tsv = new Blob([`id\tname\tpermissions\n${g.Editors!.id}\tEditors\tfiles:write\n`]);
    const skip = await upload(`${I}/groups`, owner.auth, tsv, 'g.tsv');
    expect(skip.body.data.stats).toMatchObject({ skipped: 1, updated: 0 });
    const merge = await upload(`${I}/groups`, owner.auth, tsv, 'g.tsv', { mergeStrategy: 'merge' });
    expect(merge.body.data.stats).toMatchObject({ updated: 1 });
    expect((await byName(owner.tenantId)).Editors!.permissions).toEqual(['spaces:write', 'files:write']);

    const xlsx = await writeXlsxFile([
      ['ID', 'Name', 'Description', 'Permissions'],
      [g.Readers!.id, 'Readers', '', 'files:read'],
      ['', 'Viewers', 'From a sheet', ''],
    ]).toBlob();
    const replace = await upload(`${I}/groups`, owner.auth, xlsx, 'g.xlsx', { mergeStrategy: 'replace' });
    expect(replace.body.data.stats).toMatchObject({ created: 1, updated: 1 });
    // One transaction on one connection (3): the caller check, BEGIN, the read of the tenant's groups,
    // then (when something is written) a savepoint, the update, the insert, its release; the audit
    // entry goes with COMMIT. One more is allowed for an isolate cache being refilled.
    expect(roundTrips(skip)).toMatchObject({ connect: 3 });
    expect(roundTrips(skip).roundTrips).toBeLessThanOrEqual(4 + 1);
    expect(roundTrips(replace).roundTrips).toBeLessThanOrEqual(8 + 1);
    g = await byName(owner.tenantId);
    expect(g.Readers!.permissions).toEqual(['files:read']);
    expect(g.Viewers!.description).toBe('From a sheet');

    // The file the export gives imports back unchanged (skip: every row matches).
    const back = await upload(`${I}/groups`, owner.auth, await (await download(`${E}/groups?format=csv`, owner.auth)).blob(), 'groups.csv');
    expect(back.body.data).toMatchObject({ success: true, stats: { created: 0, skipped: 3, errors: 0 } });
  });

  it('validate answers exactly what the import would; skipErrors false writes nothing on any error', async () => {
    const owner = await newTenant();
    const file = csv('name,permissions\nAuditors,audit:read\nBad,users:fly\nAuditors,users:read\n,spaces:read\n');
    const validate = await upload(`${I}/groups/validate`, owner.auth, file, 'g.csv', { dryRun: false });
    const dry = await upload(`${I}/groups`, owner.auth, file, 'g.csv', { dryRun: true });
    expect(validate.status).toBe(200);
    expect(validate.body).toEqual(dry.body);
    expect(validate.body.data).toMatchObject({ dryRun: true, success: false, stats: { created: 1, duplicates: 1, errors: 2 } });
    expect(validate.body.data.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'VALIDATION_ERROR'],
      [5, 'REQUIRED_FIELD'],
    ]);
    const run = await upload(`${I}/groups`, owner.auth, file, 'g.csv');
    expect(run.body.data).toMatchObject({ success: false, dryRun: false, stats: { created: 0, updated: 0, errors: 2 } });
    expect(run.body.data.errors).toEqual(validate.body.data.errors);
    expect(await tenantGroups(owner.tenantId)).toEqual([]);

    // A clean file: the dry run and the import agree on everything but dryRun.
    const clean = csv('name\nOne\nTwo\n');
    const v2 = await upload(`${I}/groups/validate`, owner.auth, clean, 'g.csv');
    const r2 = await upload(`${I}/groups`, owner.auth, clean, 'g.csv');
    expect({ ...v2.body.data, dryRun: false }).toEqual(r2.body.data);
    expect(Object.keys(await byName(owner.tenantId)).sort()).toEqual(['One', 'Two']);
  });

  it('another tenant’s group id in the file is REFERENCE_NOT_FOUND; nothing of theirs changes', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const theirs = await createGroup(other, 'Theirs', ['spaces:read']);
    const file = csv(`id,name,permissions\n${theirs},Hijacked,users:read\n,Mine,\n`);
    for (const path of [`${I}/groups/validate`, `${I}/groups`]) {
      const res = await upload(path, owner.auth, file, 'g.csv', { mergeStrategy: 'replace', skipErrors: true });
      expect(res.status).toBe(200);
      expect(res.body.data.errors).toEqual([expect.objectContaining({ row: 2, column: 'id', value: theirs, code: 'REFERENCE_NOT_FOUND' })]);
      expect(JSON.stringify(res.body)).not.toContain('Theirs');
    }
    const [g] = await withDb((db) => db.select().from(groups).where(eq(groups.id, theirs)));
    expect([g!.tenantId, g!.name, g!.permissions]).toEqual([other.tenantId, 'Theirs', ['spaces:read']]);
    expect(Object.keys(await byName(owner.tenantId))).toEqual(['Mine']);
    const bad = await upload(`${I}/groups`, owner.auth, csv('id,name\nnot-a-uuid,X\n'), 'g.csv');
    expect(bad.body.data.errors[0]).toMatchObject({ code: 'INVALID_UUID', row: 2 });
  });

  it('file problems are 4xx and write nothing: options, .xls, no header column, empty, too many rows, over 10 MB', async () => {
    const owner = await newTenant();
    const ok = csv('name\nX\n');
    for (const path of [`${I}/groups`, `${I}/groups/validate`]) {
      expectError(await upload(path, owner.auth, ok, 'g.csv', { mergeStrategy: 'overwrite' }), 400, 'VALIDATION_ERROR');
      expectError(await upload(path, owner.auth, ok, 'g.csv', { dryRun: 'yes' }), 400);
      expectError(await upload(path, owner.auth, ok, 'g.csv', { unknownOption: true }), 400);
      expectError(await upload(path, owner.auth, ok, 'g.csv', { defaultCategoryId: 'nope' }), 400);
      expectError(await upload(path, owner.auth, ok, 'g.csv', '{not json'), 400);
      expectError(await api(path, { method: 'POST', headers: owner.auth, body: new FormData() }), 400);
      expectError(await api(path, { method: 'POST', headers: owner.auth, json: { file: 'x' } }), 400);
      const xls = await upload(path, owner.auth, new Blob([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])]), 'g.xls');
      expectError(xls, 400);
      expect(xls.body.details.code).toBe('FILE_ERROR');
      expect(xls.body.message).toMatch(/\.xls/);
      const noName = await upload(path, owner.auth, csv('title\nX\n'), 'g.csv');
      expectError(noName, 400);
      expect(noName.body.details.code).toBe('FILE_ERROR');
      expectError(await upload(path, owner.auth, csv(''), 'g.csv'), 400);
      const many = await upload(path, owner.auth, csv(`name\n${Array.from({ length: 10_001 }, (_, i) => `g${i}`).join('\n')}\n`), 'g.csv');
      expectError(many, 400);
      expect(many.body.details.limitRows).toBe(10000);
      expectError(await upload(path, owner.auth, csv(`name\n${'x'.repeat(10 * 1024 * 1024 + 10)}\n`), 'g.csv'), 413);
      expectError(await upload(path, owner.auth, new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2])]), 'g.xlsx'), 400);
    }
    // Options for other types are accepted (and ignored by groups).
    const withDefaults = await upload(`${I}/groups/validate`, owner.auth, ok, 'g.csv', { defaultCategoryId: crypto.randomUUID(), createMissingTags: true });
    expect(withDefaults.body.data.stats.created).toBe(1);
    expect(await tenantGroups(owner.tenantId)).toEqual([]);
  });
});
