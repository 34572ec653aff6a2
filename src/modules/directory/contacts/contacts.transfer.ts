// Export and import of the tenant's contacts (CSV, TSV, XLSX through lib/transfer), registered as
// `contacts` for the generic `/export|import/contacts`. Each row goes through the same checks as
// the API (the contract's body schema, E.164 phones, no empty contact); then everything is written
// in one transaction: inserts a thousand per statement, updates in one statement.
import * as contract from '../../../contract/directory';
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { importResult, mayWrite, readSheet } from '../../../lib/transfer/imports';
import { UUID, type ImportInput, type ImportStats, type RowError } from '../../../lib/transfer/model';
import { fieldPath } from '../../../lib/validation';
import type { ExportTable, ImportOutcome } from '../../catalog/transfer/transfer.registry';
import type { ContactFields, ContactPatch, ContactRow } from './contacts.model';
import { assertNotEmpty, normalize } from './contacts.normalize';
import * as q from './contacts.queries';
import { authorOf } from './contacts.service';

const FIELDS = { first_name: 'firstName', middle_name: 'middleName', last_name: 'lastName', email: 'email', phone: 'phone', url: 'url', notes: 'notes' } as const;
const ADDRESS = ['street', 'street_number', 'city', 'postal_code', 'region', 'country', 'country_code'] as const;
const HEADER = ['id', ...Object.keys(FIELDS), ...ADDRESS.map((a) => `address_${a}`), 'created_at', 'updated_at'];
const DESCRIPTIONS: Record<string, string> = {
  id: 'Contact id: empty creates a contact, an id updates that contact',
  phone: 'Stored in E.164; a number without + is read in address_country_code',
  address_country_code: 'ISO 3166-1 alpha-2 country code',
  created_at: 'Read only',
  updated_at: 'Read only',
};
const EXAMPLE = ['', 'Ada', '', 'Lovelace', 'ada@example.com', '+41 44 668 18 00', 'https://example.com', 'Example contact', 'Bahnhofstrasse', '1', 'Zürich', '8001', '', 'Switzerland', 'CH', '', ''];

export async function exportContacts(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<ExportTable> {
  const { rows, total } = await q.listContacts(ctx, page);
  const line = (c: ContactRow) => [
    c.id, c.firstName, c.middleName, c.lastName, c.email, c.phone, c.url, c.notes,
    ...ADDRESS.map((a) => (c.address?.[a] as string | null | undefined) ?? null), c.createdAt.toISOString(), c.updatedAt.toISOString(),
  ];
  return { header: HEADER, descriptions: DESCRIPTIONS, rows: rows.map(line), total, example: EXAMPLE };
}

const complete = (f: ContactFields, c?: ContactRow): Required<ContactFields> => {
  const pick = <K extends keyof ContactFields>(k: K) => (k in f ? f[k] : (c?.[k] ?? null)) ?? null;
  return { firstName: pick('firstName'), middleName: pick('middleName'), lastName: pick('lastName'), email: pick('email'), phone: pick('phone'), url: pick('url'), address: pick('address'), notes: pick('notes') };
};

export async function importContactsOutcome(ctx: ServiceContext, { rows, options }: ImportInput): Promise<ImportOutcome> {
  const { data, cell, warnings } = readSheet(rows, 'id', HEADER);
  const isExample = (r: string[]) => EXAMPLE.every((v, i) => v === '' || (cell(r, HEADER[i]!) ?? '') === v) && !cell(r, 'id');
  const ids = [...new Set(data.map((r) => cell(r, 'id') ?? '').filter((v) => UUID.test(v)))];
  const byId = new Map((ids.length ? await q.contactsByIds(ctx, ids) : []).map((c) => [c.id, c]));

  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const seen = new Map<string, number>();
  const inserts: ContactFields[] = [];
  const updates: (Required<ContactFields> & { id: string })[] = [];
  data.forEach((r, i) => {
    const row = i + 2;
    if (isExample(r)) return;
    const id = cell(r, 'id') || null;
    const identifier = [cell(r, 'first_name'), cell(r, 'last_name')].filter(Boolean).join(' ') || cell(r, 'email') || id || `row ${row}`;
    const err = (column: string, value: string, message: string, code: RowError['code']) => void errors.push({ row, column, value: value.slice(0, 100), identifier, message, code });
    if (id && !UUID.test(id)) return err('id', id, 'id must be a UUID (or empty to create)', 'INVALID_UUID');
    const current = id ? byId.get(id) : undefined;
    if (id && !current) return err('id', id, 'No contact with this id in this tenant', 'REFERENCE_NOT_FOUND');
    if (id) {
      const first = seen.get(id);
      if (first) {
        stats.duplicates++;
        return void warnings.push(`Row ${row} repeats row ${first} (${identifier}): skipped`);
      }
      seen.set(id, row);
      if (options.mergeStrategy === 'skip') return void stats.skipped++;
    }
    // replace: an empty cell clears the field; create and merge: an empty cell sets nothing.
    const clears = !!current && options.mergeStrategy === 'replace';
    const body: Record<string, unknown> = {};
    for (const [col, key] of Object.entries(FIELDS)) {
      const v = cell(r, col);
      if (v) body[key] = v;
      else if (clears && v !== undefined) body[key] = null;
    }
    const addr: Record<string, string> = clears ? {} : { ...((current?.address as Record<string, string> | null) ?? {}) };
    let addrCells = false;
    for (const a of ADDRESS) {
      const v = cell(r, `address_${a}`);
      if (v === undefined) continue;
      addrCells = true;
      if (v) addr[a] = v;
      else if (clears) delete addr[a];
    }
    if (addrCells) body.address = Object.keys(addr).length ? addr : current ? null : undefined;
    if (body.address === undefined) delete body.address;
    const schema = current ? contract.patchSecureContactsById.body : contract.postSecureContacts.body;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = String(issue.path[0]) === 'address' ? `address_${String(issue.path[1])}` : Object.keys(FIELDS).find((k) => FIELDS[k as keyof typeof FIELDS] === issue.path[0]) ?? fieldPath(issue.path);
      return err(column, cell(r, column) ?? '', issue.message, 'VALIDATION_ERROR');
    }
    let fields: ContactFields;
    try {
      fields = normalize(parsed.data as ContactPatch, current);
      assertNotEmpty(fields, current);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const empty = e.details?.reason === 'empty_contact';
      const column = e.details?.reason === 'invalid_phone' ? 'phone' : e.details?.reason === 'invalid_country_code' ? 'address_country_code' : '';
      return err(column, column ? (cell(r, column) ?? '') : '', e.message, empty ? 'REQUIRED_FIELD' : 'VALIDATION_ERROR');
    }
    if (!current) {
      inserts.push(fields);
      return void stats.created++;
    }
    updates.push({ id: current.id, ...complete(fields, current) });
    stats.updated++;
  });
  errors.sort((a, b) => a.row - b.row);

  const written = mayWrite(options, errors, inserts.length + updates.length);
  if (written) {
    const by = authorOf(await ctx.principal());
    await inTransaction(ctx, async (tx) => {
      await q.updateContacts(tx, updates, by);
      await q.insertContacts(tx, inserts, by);
    });
    ctx.audit({ action: 'contact.import', resourceType: 'contact', resourceId: null, details: { ...stats } });
  }
  return { stats, errors, warnings, totalRows: data.length, written };
}

export async function importContacts(ctx: ServiceContext, input: ImportInput) {
  const o = await importContactsOutcome(ctx, input);
  return importResult('contacts', input.options, o.totalRows, o.stats, o.errors, o.warnings, o.written);
}
