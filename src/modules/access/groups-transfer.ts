// Export and import of the tenant's groups (CSV, TSV, XLSX).
import { asc, count, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { groups } from '../../db/schema/identity';
import { ofTenant } from '../../db/tx';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';
import { checkGrants } from './group-rules';
import { IMPORT_RULES, importResult, readImportRequest, type RowError } from './import-result';
import { columnIndex, writeTable } from './tabular';
import { exportQuery } from './users-transfer';

const EXPORT_COLUMNS = ['id', 'name', 'description', 'permissions', 'member_count', 'created_at', 'updated_at'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const splitCodes = (v: string) => v.split(/[\s,;|]+/).filter(Boolean);

const exportRoute = contractRoute(contract.getSecureGroupsExport, {
  description:
    'Downloads the groups of the caller’s tenant (`format`: csv, tsv or xlsx) with a header row: ' +
    `${EXPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}; \`permissions\` holds the codes separated by spaces; ordered by name. ` +
    'At most 10,000 rows per file (`limit`, `offset`), `X-Total-Count` tells how many there are. Members are not part of ' +
    'the file (manage them with `/groups/{id}/members`). Needs `groups:read`.',
  request: { query: exportQuery },
  auth: { permission: 'groups:read' },
});

const importRoute = contractRoute(contract.postSecureGroupsImport, {
  description:
    'Creates and updates groups of the caller’s tenant from a file. Columns: `name` (required, 1-255), `id`, ' +
    '`description`, `permissions` (catalog codes separated by spaces, commas or semicolons); `member_count` and dates ' +
    'are ignored. A row matches an existing group by `id`, else by exact name. Unknown codes, `system:admin` and codes ' +
    'the caller does not hold are `VALIDATION_ERROR` row errors naming the codes; renaming onto another group’s name is ' +
    '`DUPLICATE_ENTRY`. With `merge`, `permissions` are added to the group’s list; with `replace` they replace it. ' +
    `${IMPORT_RULES} Needs \`groups:write\`.`,
  auth: { permission: 'groups:write' },
  errors: [413],
});

export const groupsTransferRoutes = newRouter()
  .openapi(exportRoute, async (c) => {
    const { format, limit, offset } = c.req.valid('query');
    const p = await principal(c);
    const db = await c.var.db();
    const where = ofTenant(groups.tenantId, p.tenantId);
    const [rows, [total]] = await Promise.all([
      db
        .select({ g: groups, members: sql<number>`(select count(*)::int from group_members gm where gm.group_id = ${groups.id})` })
        .from(groups)
        .where(where)
        .orderBy(asc(groups.name), asc(groups.id))
        .limit(limit)
        .offset(offset),
      db.select({ n: count() }).from(groups).where(where),
    ]);
    const res = await writeTable(
      format,
      EXPORT_COLUMNS,
      rows.map(({ g, members }) => [g.id, g.name, g.description, g.permissions.join(' '), String(members), g.createdAt.toISOString(), g.updatedAt.toISOString()]),
      'groups',
    );
    res.headers.set('X-Total-Count', String(total?.n ?? 0));
    return res as never;
  })
  .openapi(importRoute, async (c) => {
    const p = await principal(c);
    const { rows, options } = await readImportRequest(c);
    const [header, ...data] = rows as [string[], ...string[][]];
    const cols = columnIndex(header);
    if (!cols.has('name')) throw new ApiError('VALIDATION_ERROR', 'The header row has no `name` column', { code: 'FILE_ERROR', columns: header });
    const warnings: string[] = [];
    const ignored = [...cols.keys()].filter((k) => !EXPORT_COLUMNS.includes(k));
    if (ignored.length) warnings.push(`Ignored unknown columns: ${ignored.join(', ')}`);
    const cell = (r: string[], name: string) => {
      const i = cols.get(name);
      return i === undefined ? undefined : (r[i] ?? '').trim();
    };
    const db = await c.var.db();
    const existing = await db.select().from(groups).where(ofTenant(groups.tenantId, p.tenantId));
    const byId = new Map(existing.map((g) => [g.id, g]));
    const byName = new Map(existing.map((g) => [g.name, g]));

    const errors: RowError[] = [];
    const stats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
    const seen = new Map<string, number>();
    const inserts: (typeof groups.$inferInsert)[] = [];
    const updates: { id: string; name: string; description: string | null; permissions: string[] }[] = [];
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
        inserts.push({ tenantId: p.tenantId, name, description: description || null, permissions: codes });
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

    const write = !options.dryRun && (!errors.length || options.skipErrors) && (inserts.length > 0 || updates.length > 0);
    if (write) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < updates.length; i += 1000) {
          // Names move in one statement, so swapping two groups' names does not trip the unique index midway.
          await tx.execute(sql`
            update groups g set name = r.name, description = r.description,
                   permissions = array(select jsonb_array_elements_text(r.permissions)), updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 1000))}::jsonb)
                 as r(id uuid, name text, description text, permissions jsonb)
            where g.id = r.id and g.tenant_id = ${p.tenantId}`);
        }
        for (let i = 0; i < inserts.length; i += 1000) await tx.insert(groups).values(inserts.slice(i, i + 1000));
      });
    }
    return c.json(importResult('groups', options, data.length, stats, errors, warnings, write), 200);
  });
