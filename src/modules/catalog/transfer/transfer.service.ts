// The generic import and export over the registry (transfer.registry.ts): which types the caller
// may use, one export page as a file, and an import (or its dry run) as the reference's ImportResult.
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { Permission } from '../../../lib/permissions';
import { markedExample, toFileRows, withoutExampleRows } from '../../../lib/transfer/example-row';
import { importResult } from '../../../lib/transfer/imports';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type Format, type ImportInput } from '../../../lib/transfer/model';
import { writeTable } from '../../../lib/transfer/tabular';
import * as q from './transfer.queries';
import { transferType, transferTypes, type TenantLanguages, type TransferType } from './transfer.registry';

const MERGE_STRATEGIES = ['skip', 'replace', 'merge'] as const;
/** The reference's order (FORMATS has the same three; `.xls` is never offered, see the routes). */
const LISTED_FORMATS: Format[] = ['xlsx', 'csv', 'tsv'];

async function assertPermission(ctx: ServiceContext, permission: Permission): Promise<void> {
  const p = await ctx.principal();
  if (!p.permissions.has(permission)) throw new ApiError('FORBIDDEN', `Missing permission ${permission}`, { permission });
}

function registered(entityType: string): TransferType {
  const t = transferType(entityType);
  if (!t) throw new ApiError('NOT_FOUND', `No import or export for entity type ${entityType}`, { reason: 'UNKNOWN_ENTITY_TYPE', entityType });
  return t;
}

/** Registered types the caller may export (each needs its own permission besides data:export). */
export async function exportTypes(ctx: ServiceContext) {
  const p = await ctx.principal();
  return { entityTypes: transferTypes().filter((t) => p.permissions.has(t.exportPermission)).map((t) => t.entityType), formats: LISTED_FORMATS };
}

/** Registered types the caller may import, in import order, and the file rules. */
export async function importTypes(ctx: ServiceContext) {
  const p = await ctx.principal();
  return {
    entityTypes: transferTypes().filter((t) => p.permissions.has(t.importPermission)).map((t) => t.entityType),
    formats: LISTED_FORMATS,
    mergeStrategies: [...MERGE_STRATEGIES],
    maxFileSizeMB: IMPORT_MAX_BYTES / 1024 / 1024,
    maxRows: IMPORT_MAX_ROWS,
  };
}

/** One page of the type's rows as a file; an empty export holds the type's example row. */
export async function exportFile(ctx: ServiceContext, entityType: string, query: { format: Format; limit: number; offset: number }): Promise<Response> {
  const t = registered(entityType);
  let languages: Promise<TenantLanguages> | undefined;
  // Started before the caller is loaded, so the page goes to the database with the caller check
  // (one round trip); nothing is answered before the permission is checked.
  const page = t.export(ctx, { limit: query.limit, offset: query.offset }, { languages: () => (languages ??= q.tenantLanguages(ctx)) });
  page.catch(() => {});
  await assertPermission(ctx, t.exportPermission);
  const table = await page;
  const example = table.total === 0 && query.offset === 0 ? markedExample(table.header, table.example) : undefined;
  const res = await writeTable(query.format, table.header, example ? [example] : table.rows, t.entityType, table.descriptions);
  res.headers.set('X-Total-Count', String(table.total));
  return res;
}

/** The type the caller may import (404 unknown, 403 without its permission), before the file is read. */
export async function importableType(ctx: ServiceContext, entityType: string): Promise<TransferType> {
  const t = registered(entityType);
  await assertPermission(ctx, t.importPermission);
  return t;
}

/** Runs the type's import without the file's example rows; row numbers stay those of the file. */
export async function runImport(ctx: ServiceContext, t: TransferType, input: ImportInput) {
  const w = withoutExampleRows(input.rows);
  const o = await t.import(ctx, { ...input, rows: w.rows });
  const { errors, warnings } = toFileRows(w, o.errors, o.warnings);
  for (const row of w.skipped) warnings.unshift(`Row ${row} is an example row (id \`example\`): skipped`);
  ctx.audit({
    action: input.options.dryRun ? 'import.validate' : 'import.run',
    resourceType: t.entityType,
    details: { entityType: t.entityType, dryRun: input.options.dryRun, written: o.written, ...o.stats, errors: errors.length },
  });
  return importResult(t.entityType, input.options, o.totalRows, o.stats, errors, warnings, o.written);
}
