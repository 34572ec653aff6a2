// What every import shares: reading the header row, deciding whether to write, and the
// reference's ImportResult.
import { ApiError } from '../errors';
import { columnIndex } from './tabular';
import type { ImportOptions, ImportStats, RowError, TransferEntityType } from './model';

/**
 * The data rows of a file and a reader for their cells by column name (trimmed; undefined when
 * the file has no such column). 400 FILE_ERROR when the `required` column is missing; columns
 * outside `known` are named in a warning.
 */
export function readSheet(rows: string[][], required: string, known: Iterable<string>) {
  const [header, ...data] = rows as [string[], ...string[][]];
  const cols = columnIndex(header);
  if (!cols.has(required)) throw new ApiError('VALIDATION_ERROR', `The header row has no \`${required}\` column`, { code: 'FILE_ERROR', columns: header });
  const knownColumns = new Set(known);
  const warnings: string[] = [];
  const ignored = [...cols.keys()].filter((k) => !knownColumns.has(k));
  if (ignored.length) warnings.push(`Ignored unknown columns: ${ignored.join(', ')}`);
  const cell = (r: string[], name: string) => {
    const i = cols.get(name);
    return i === undefined ? undefined : (r[i] ?? '').trim();
  };
  return { data, cell, warnings };
}

/** Writes happen unless it is a dry run, a row error blocks them (without skipErrors) or nothing changes. */
export const mayWrite = (options: ImportOptions, errors: RowError[], changes: number) => !options.dryRun && (!errors.length || options.skipErrors) && changes > 0;

export function importResult(
  entityType: TransferEntityType,
  options: ImportOptions,
  totalRows: number,
  s: ImportStats,
  errors: RowError[],
  warnings: string[],
  written: boolean,
) {
  const erroredRows = new Set(errors.map((e) => e.row)).size;
  const blocked = errors.length > 0 && !options.skipErrors;
  return {
    data: {
      success: !blocked,
      dryRun: options.dryRun,
      entityType,
      stats: {
        created: blocked && !options.dryRun ? 0 : s.created,
        updated: blocked && !options.dryRun ? 0 : s.updated,
        skipped: s.skipped,
        duplicates: s.duplicates,
        errors: erroredRows,
      },
      warnings: written || options.dryRun || !blocked ? warnings : [...warnings, 'Nothing was written because rows have errors (set skipErrors to import the valid rows)'],
      errors,
      processedRows: totalRows,
      totalRows,
    },
  };
}
