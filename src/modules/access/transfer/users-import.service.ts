// Import of the tenant's users from a file (rows already read, see import-request.ts): rows are
// validated on their own, matched against existing accounts, then written in one transaction.
import { z } from '@hono/zod-openapi';
import type { ServiceContext, UserPrincipal } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { outranks, type NewUserRow } from '../users';
import { importResult, mayWrite, readSheet } from '../../../lib/transfer/imports';
import { assertWithinLimit } from '../../tenants/settings/limits';
import { USER_EXPORT_COLUMNS, USER_WRITABLE, UUID, type ImportInput, type ImportOptions, type ImportStats, type RowError, type UserWritable } from './transfer.model';
import * as q from './transfer.queries';

const LOCALES = new Set(['en', 'de', 'fr', 'es', 'it']);
const EMAIL = z.email();

interface Parsed {
  row: number;
  id: string | null;
  email: string;
  values: Partial<Record<UserWritable, string>>;
}

type Cell = (r: string[], name: string) => string | undefined;

/** Step 1: rows on their own (format, lengths, repeats). Valid rows are returned; problems go to `errors` and `warnings`. */
function parseRows(data: string[][], cell: Cell, errors: RowError[], warnings: string[], stats: ImportStats): Parsed[] {
  const parsed: Parsed[] = [];
  const seen = new Map<string, number>();
  data.forEach((r, i) => {
    const row = i + 2;
    const email = (cell(r, 'email') ?? '').toLowerCase();
    const id = cell(r, 'id') || null;
    const identifier = email || id || `row ${row}`;
    const before = errors.length;
    if (!email) errors.push({ row, column: 'email', value: '', identifier, message: 'email is required', code: 'REQUIRED_FIELD' });
    else if (!EMAIL.safeParse(email).success) errors.push({ row, column: 'email', value: email, identifier, message: 'Not a valid email address', code: 'INVALID_FORMAT' });
    if (id && !UUID.test(id)) errors.push({ row, column: 'id', value: id, identifier, message: 'id must be a UUID (or empty to create)', code: 'INVALID_UUID' });
    const locale = cell(r, 'locale');
    if (locale && !LOCALES.has(locale)) errors.push({ row, column: 'locale', value: locale, identifier, message: 'locale must be one of en, de, fr, es, it', code: 'VALIDATION_ERROR' });
    for (const name of USER_WRITABLE) {
      const v = cell(r, name);
      if (v && v.length > 255) errors.push({ row, column: name, value: v.slice(0, 50), identifier, message: `${name} is longer than 255 characters`, code: 'VALIDATION_ERROR' });
    }
    if (errors.length > before) return;
    const key = id ?? email;
    const first = seen.get(key) ?? seen.get(email);
    if (first) {
      stats.duplicates++;
      warnings.push(`Row ${row} repeats row ${first} (${identifier}): skipped`);
      return;
    }
    seen.set(key, row);
    seen.set(email, row);
    const values: Parsed['values'] = {};
    for (const name of USER_WRITABLE) {
      const v = cell(r, name);
      if (v !== undefined) values[name] = v;
    }
    parsed.push({ row, id, email, values });
  });
  return parsed;
}

/** Step 2: matches rows against existing accounts (members of this tenant, and accounts elsewhere). */
async function planWrites(ctx: ServiceContext, p: UserPrincipal, parsed: Parsed[], options: ImportOptions, errors: RowError[], stats: ImportStats) {
  const ids = parsed.flatMap((x) => (x.id ? [x.id] : []));
  const existing = parsed.length ? await q.accountsMatching(ctx, ids, parsed.map((x) => x.email)) : [];
  const byId = new Map(existing.map((e) => [e.user.id, e]));
  const byEmail = new Map(existing.map((e) => [e.user.email, e]));
  const inserts: Omit<NewUserRow, 'tenantId' | 'defaultTenantId'>[] = [];
  const updates: q.UserNames[] = [];
  for (const x of parsed) {
    const identifier = x.email;
    const match = x.id ? byId.get(x.id) : byEmail.get(x.email);
    if (x.id && (!match || !match.role)) {
      errors.push({ row: x.row, column: 'id', value: x.id, identifier, message: 'No user with this id in this tenant', code: 'REFERENCE_NOT_FOUND' });
      continue;
    }
    if (match && !match.role) {
      errors.push({ row: x.row, column: 'email', value: x.email, identifier, message: 'This email belongs to an account outside this tenant: invite it instead', code: 'DUPLICATE_ENTRY' });
      continue;
    }
    if (match) {
      const u = match.user;
      if (x.id && u.email !== x.email) {
        errors.push({ row: x.row, column: 'email', value: x.email, identifier, message: 'The email of an existing user cannot be changed by import', code: 'VALIDATION_ERROR' });
        continue;
      }
      if (options.mergeStrategy === 'skip') {
        stats.skipped++;
        continue;
      }
      if (outranks(p, { userId: u.id, role: match.role!, isSystemAdmin: u.isSystemAdmin })) {
        errors.push({ row: x.row, identifier, message: 'This user’s role ranks above yours', code: 'IMPORT_ERROR' });
        continue;
      }
      const pick = (name: UserWritable, current: string | null) => {
        const v = x.values[name];
        if (v === undefined) return current;
        if (v === '') return options.mergeStrategy === 'replace' ? null : current;
        return v;
      };
      updates.push({
        id: u.id,
        first_name: pick('first_name', u.firstName),
        middle_name: pick('middle_name', u.middleName),
        last_name: pick('last_name', u.lastName),
        display_name: pick('display_name', u.displayName),
        locale: pick('locale', u.locale) ?? 'en',
      });
      stats.updated++;
    } else {
      inserts.push({
        email: x.email,
        firstName: x.values.first_name || null,
        middleName: x.values.middle_name || null,
        lastName: x.values.last_name || null,
        displayName: x.values.display_name || null,
        locale: x.values.locale || 'en',
      });
      stats.created++;
    }
  }
  return { inserts, updates };
}

/** Creates and updates members of the caller's tenant; new users join as `member` with no password. */
export async function importUsers(ctx: ServiceContext, p: UserPrincipal, { rows, options }: ImportInput) {
  const { data, cell, warnings } = readSheet(rows, 'email', ['id', 'email', ...USER_WRITABLE, ...USER_EXPORT_COLUMNS]);
  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const parsed = parseRows(data, cell, errors, warnings, stats);
  const { inserts, updates } = await planWrites(ctx, p, parsed, options, errors, stats);
  errors.sort((a, b) => a.row - b.row);

  // Step 3: one transaction, unless a dry run or blocked by errors.
  const write = mayWrite(options, errors, inserts.length + updates.length);
  // The users quota holds for imports as for single creations (a dry run answers what the import would).
  if (inserts.length && (write || options.dryRun)) await assertWithinLimit(ctx, 'users', { adding: inserts.length });
  if (write) {
    await inTransaction(ctx, async (tx) => {
      await q.insertMembers(tx, inserts);
      await q.updateUserNames(tx, updates);
    });
  }
  if (inserts.length && (write || options.dryRun)) {
    warnings.push(`${inserts.length} new user(s) have no password yet: reset it with POST /api/v1/secure/users/{id}/reset-password or the password-reset email`);
  }
  return importResult('contacts', options, data.length, stats, errors, warnings, write);
}
