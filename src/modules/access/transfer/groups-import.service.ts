// Import of the tenant's groups from a file (rows already read, see import-request.ts): each row
// is checked against the tenant's groups and the names the import leaves taken, then everything
// is written in one transaction.
import type { Principal, ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { checkGrants, type NewGroupRow } from '../groups';
import { importResult, mayWrite, readSheet } from '../../../lib/transfer/imports';
import { GROUP_EXPORT_COLUMNS, UUID, type ImportInput, type ImportStats, type RowError } from './transfer.model';
import * as q from './transfer.queries';

const splitCodes = (v: string) => v.split(/[\s,;|]+/).filter(Boolean);

/** Creates and updates groups; `merge` adds permissions to a group's list, `replace` replaces it. */
export async function importGroups(ctx: ServiceContext, p: Principal, input: ImportInput) {
  const o = await groupsImport(ctx, p, input);
  return importResult('groups', input.options, o.totalRows, o.stats, o.errors, o.warnings, o.written);
}

/** The import itself, before it is shaped as an ImportResult (the generic /import/groups shapes it too). */
export async function groupsImport(ctx: ServiceContext, p: Principal, { rows, options }: ImportInput) {
  const { data, cell, warnings } = readSheet(rows, 'name', GROUP_EXPORT_COLUMNS);
  const existing = await q.tenantGroups(ctx);
  const byId = new Map(existing.map((g) => [g.id, g]));
  const byName = new Map(existing.map((g) => [g.name, g]));

  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const seen = new Map<string, number>();
  const inserts: Omit<NewGroupRow, 'tenantId'>[] = [];
  const updates: q.GroupValues[] = [];
  /** Names the import leaves taken (existing names, minus renamed ones, plus new ones). */
  const finalNames = new Map(existing.map((g) => [g.name, g.id]));
  data.forEach((r, i) => {
    const row = i + 2;
    const name = cell(r, 'name') ?? '';
    const id = cell(r, 'id') || null;
    const identifier = name || id || `row ${row}`;
    if (!name) return void errors.push({ row, column: 'name', value: '', identifier, message: 'name is required', code: 'REQUIRED_FIELD' });
    if (name.length > 255) return void errors.push({ row, column: 'name', value: name.slice(0, 50), identifier, message: 'name is longer than 255 characters', code: 'VALIDATION_ERROR' });
    if (id && !UUID.test(id)) return void errors.push({ row, column: 'id', value: id, identifier, message: 'id must be a UUID (or empty to create)', code: 'INVALID_UUID' });
    const match = id ? byId.get(id) : byName.get(name);
    if (id && !match) return void errors.push({ row, column: 'id', value: id, identifier, message: 'No group with this id in this tenant', code: 'REFERENCE_NOT_FOUND' });
    const key = match?.id ?? name;
    const first = seen.get(key) ?? seen.get(`name:${name}`);
    if (first) {
      stats.duplicates++;
      warnings.push(`Row ${row} repeats row ${first} (${identifier}): skipped`);
      return;
    }
    const permCell = cell(r, 'permissions');
    const { codes, problem } = checkGrants(p, splitCodes(permCell ?? ''), match?.permissions ?? []);
    if (problem) {
      const bad = [...problem.unknown, ...problem.notGrantable, ...problem.notHeld];
      const why = [
        problem.unknown.length ? `unknown: ${problem.unknown.join(', ')}` : '',
        problem.notGrantable.length ? `not grantable by groups: ${problem.notGrantable.join(', ')}` : '',
        problem.notHeld.length ? `not held by you: ${problem.notHeld.join(', ')}` : '',
      ].filter(Boolean);
      return void errors.push({ row, column: 'permissions', value: bad.join(' '), identifier, message: `Invalid permission codes (${why.join('; ')})`, code: 'VALIDATION_ERROR' });
    }
    seen.set(key, row);
    seen.set(`name:${name}`, row);
    const description = cell(r, 'description');
    if (!match) {
      if (finalNames.has(name)) return void errors.push({ row, column: 'name', value: name, identifier, message: 'Another group already has this name', code: 'DUPLICATE_ENTRY' });
      finalNames.set(name, 'new');
      inserts.push({ name, description: description || null, permissions: codes });
      stats.created++;
      return;
    }
    if (options.mergeStrategy === 'skip') return void stats.skipped++;
    const owner = finalNames.get(name);
    if (owner && owner !== match.id) return void errors.push({ row, column: 'name', value: name, identifier, message: 'Another group already has this name', code: 'DUPLICATE_ENTRY' });
    finalNames.delete(match.name);
    finalNames.set(name, match.id);
    const replace = options.mergeStrategy === 'replace';
    updates.push({
      id: match.id,
      name,
      description: description === undefined ? match.description : description === '' ? (replace ? null : match.description) : description,
      permissions: permCell === undefined ? match.permissions : replace ? codes : [...new Set([...match.permissions, ...codes])],
    });
    stats.updated++;
  });
  errors.sort((a, b) => a.row - b.row);

  const write = mayWrite(options, errors, inserts.length + updates.length);
  if (write) {
    await inTransaction(ctx, async (tx) => {
      await q.updateGroups(tx, updates);
      await q.insertGroups(tx, inserts);
    });
  }
  return { stats, errors, warnings, totalRows: data.length, written: write };
}
