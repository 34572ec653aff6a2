// Export and import of the tenant's users (CSV, TSV, XLSX).
import { z } from '@hono/zod-openapi';
import { and, asc, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { memberships, users } from '../../db/schema/identity';
import { ApiError } from '../../lib/errors';
import { ROLE_RANK } from '../../lib/permissions';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal, userPrincipal } from '../../middleware/auth';
import { IMPORT_RULES, importResult, readImportRequest, type RowError } from './import-result';
import { inTenant, memberColumns } from './members';
import { columnIndex, FORMATS, IMPORT_MAX_ROWS, writeTable } from './tabular';

const EXPORT_COLUMNS = ['id', 'email', 'first_name', 'middle_name', 'last_name', 'display_name', 'locale', 'status', 'role', 'email_confirmed_at', 'created_at', 'updated_at'];
const WRITABLE = ['first_name', 'middle_name', 'last_name', 'display_name', 'locale'] as const;
const LOCALES = new Set(['en', 'de', 'fr', 'es', 'it']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = z.email();

export const exportQuery = z.object({
  format: z.enum(FORMATS).default('csv').openapi({ description: '`csv` (default), `tsv` or `xlsx`' }),
  limit: z.coerce.number().int().min(1).max(IMPORT_MAX_ROWS).default(IMPORT_MAX_ROWS).openapi({ description: `Rows per file, 1..${IMPORT_MAX_ROWS} (default ${IMPORT_MAX_ROWS})` }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Rows to skip (for tenants with more rows than one file holds)' }),
});

const exportRoute = contractRoute(contract.getSecureUsersExport, {
  description:
    'Downloads the members of the caller’s tenant as a file (`format`: csv, tsv or xlsx) with a header row: ' +
    `${EXPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}; ordered by email. At most 10,000 rows per file (\`limit\`, \`offset\`); ` +
    '`X-Total-Count` tells how many there are. CSV/TSV are UTF-8 with a BOM; text cells starting with `=`, `+`, `-` or ' +
    '`@` get a leading `\'` so spreadsheet programs do not run them (the import removes it). Needs `users:read`.',
  request: { query: exportQuery },
  auth: { permission: 'users:read' },
});

const importRoute = contractRoute(contract.postSecureUsersImport, {
  description:
    'Creates and updates members of the caller’s tenant from a file. Columns: `email` (required), `id`, `first_name`, ' +
    '`middle_name`, `last_name`, `display_name`, `locale` (en|de|fr|es|it, default en); the export’s other columns ' +
    '(`status`, `role`, dates) are read-only and ignored, unknown columns are ignored with a warning. A row matches an ' +
    'existing member by `id`, else by email; the email of an existing user is not changed by import. New users join as ' +
    '`member` with no password (a warning lists them): they get one through an admin reset (`POST ' +
    '/api/v1/secure/users/{id}/reset-password`) or the password-reset email. An email that belongs to an account outside ' +
    'this tenant is a `DUPLICATE_ENTRY` error (invite it instead); users whose role ranks above the caller’s are not ' +
    'updated (`IMPORT_ERROR`). `entityType` is `contacts` because the reference’s enum has no users value. ' +
    `${IMPORT_RULES} Needs \`users:write\`.`,
  auth: { permission: 'users:write' },
  errors: [413],
});

interface Parsed {
  row: number;
  id: string | null;
  email: string;
  values: Partial<Record<(typeof WRITABLE)[number], string>>;
}

export const usersTransferRoutes = newRouter()
  .openapi(exportRoute, async (c) => {
    const { format, limit, offset } = c.req.valid('query');
    const p = await principal(c);
    const db = await c.var.db();
    const where = inTenant(p.tenantId, isNull(users.deletedAt));
    const [rows, [total]] = await Promise.all([
      db.select(memberColumns).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(where).orderBy(asc(users.email), asc(users.id)).limit(limit).offset(offset),
      db.select({ n: count() }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(where),
    ]);
    const res = await writeTable(
      format,
      EXPORT_COLUMNS,
      rows.map(({ user: u, role }) => [
        u.id, u.email, u.firstName, u.middleName, u.lastName, u.displayName, u.locale, u.status, role,
        u.emailConfirmedAt?.toISOString() ?? null, u.createdAt.toISOString(), u.updatedAt.toISOString(),
      ]),
      'users',
    );
    res.headers.set('X-Total-Count', String(total?.n ?? 0));
    return res as never;
  })
  .openapi(importRoute, async (c) => {
    const p = await userPrincipal(c);
    const { rows, options } = await readImportRequest(c);
    const [header, ...data] = rows as [string[], ...string[][]];
    const cols = columnIndex(header);
    if (!cols.has('email')) throw new ApiError('VALIDATION_ERROR', 'The header row has no `email` column', { code: 'FILE_ERROR', columns: header });
    const known = new Set(['id', 'email', ...WRITABLE, ...EXPORT_COLUMNS]);
    const warnings: string[] = [];
    const ignored = [...cols.keys()].filter((k) => !known.has(k));
    if (ignored.length) warnings.push(`Ignored unknown columns: ${ignored.join(', ')}`);
    const cell = (r: string[], name: string) => {
      const i = cols.get(name);
      return i === undefined ? undefined : (r[i] ?? '').trim();
    };

    // 1. Validate rows on their own.
    const errors: RowError[] = [];
    const parsed: Parsed[] = [];
    const stats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
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
      for (const name of WRITABLE) {
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
      for (const name of WRITABLE) {
        const v = cell(r, name);
        if (v !== undefined) values[name] = v;
      }
      parsed.push({ row, id, email, values });
    });

    // 2. Match against existing accounts (members of this tenant, and accounts elsewhere).
    const db = await c.var.db();
    const ids = parsed.flatMap((x) => (x.id ? [x.id] : []));
    const emails = parsed.map((x) => x.email);
    const existing = parsed.length
      ? await db
          .select({ user: users, role: memberships.role })
          .from(users)
          .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, p.tenantId)))
          .where(or(ids.length ? inArray(users.id, ids) : undefined, inArray(users.email, emails)))
      : [];
    const byId = new Map(existing.map((e) => [e.user.id, e]));
    const byEmail = new Map(existing.map((e) => [e.user.email, e]));
    const inserts: (typeof users.$inferInsert)[] = [];
    const updates: { id: string; first_name: string | null; middle_name: string | null; last_name: string | null; display_name: string | null; locale: string }[] = [];
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
        if (u.id !== p.userId && ((u.isSystemAdmin && !p.isSystemAdmin) || ROLE_RANK[match.role!] > ROLE_RANK[p.role])) {
          errors.push({ row: x.row, identifier, message: 'This user’s role ranks above yours', code: 'IMPORT_ERROR' });
          continue;
        }
        const pick = (name: (typeof WRITABLE)[number], current: string | null) => {
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
          tenantId: p.tenantId,
          email: x.email,
          firstName: x.values.first_name || null,
          middleName: x.values.middle_name || null,
          lastName: x.values.last_name || null,
          displayName: x.values.display_name || null,
          locale: x.values.locale || 'en',
          defaultTenantId: p.tenantId,
        });
        stats.created++;
      }
    }
    errors.sort((a, b) => a.row - b.row);

    // 3. Write (one transaction), unless dry run or blocked by errors.
    const write = !options.dryRun && (!errors.length || options.skipErrors) && (inserts.length > 0 || updates.length > 0);
    if (write) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < inserts.length; i += 1000) {
          const created = await tx.insert(users).values(inserts.slice(i, i + 1000)).returning({ id: users.id });
          await tx.insert(memberships).values(created.map((u) => ({ userId: u.id, tenantId: p.tenantId, role: 'member' as const })));
        }
        for (let i = 0; i < updates.length; i += 1000) {
          await tx.execute(sql`
            update users u set first_name = r.first_name, middle_name = r.middle_name, last_name = r.last_name,
                   display_name = r.display_name, locale = r.locale, updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 1000))}::jsonb)
                 as r(id uuid, first_name text, middle_name text, last_name text, display_name text, locale text)
            where u.id = r.id`);
        }
      });
    }
    if (inserts.length && (write || options.dryRun)) {
      warnings.push(`${inserts.length} new user(s) have no password yet: reset it with POST /api/v1/secure/users/{id}/reset-password or the password-reset email`);
    }
    return c.json(importResult('contacts', options, data.length, stats, errors, warnings, write), 200);
  });
