// The reference's ImportResult and the request side every import shares: multipart `file` plus an
// `options` JSON field.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../lib/errors';
import { validationError } from '../../lib/validation';
import { readTable } from './tabular';

export type ImportErrorCode =
  | 'INVALID_FORMAT'
  | 'REQUIRED_FIELD'
  | 'INVALID_UUID'
  | 'DUPLICATE_ENTRY'
  | 'REFERENCE_NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'IMPORT_ERROR'
  | 'FILE_ERROR';

export interface RowError {
  row: number;
  column?: string;
  value?: string;
  identifier: string;
  message: string;
  code: ImportErrorCode;
}

export const importOptions = z.strictObject({
  dryRun: z.boolean().default(false),
  mergeStrategy: z.enum(['skip', 'replace', 'merge']).default('skip'),
  skipErrors: z.boolean().default(false),
});
export type ImportOptions = z.infer<typeof importOptions>;

export const IMPORT_RULES =
  'Send `multipart/form-data` with `file` (XLSX, CSV or TSV; the format is recognised from the content, a `.tsv` name ' +
  'or type selects tabs, otherwise the CSV delimiter is detected) and optionally `options`, a JSON object: `dryRun` ' +
  '(default false: validate and count, write nothing), `mergeStrategy` for rows matching an existing entity (`skip`, ' +
  'the default; `replace`: every importable column overwrites, blank cells clear; `merge`: only non-blank cells ' +
  'overwrite) and `skipErrors` (default false: any row error means nothing is written and `success` is false with ' +
  '`created`/`updated` 0; true: valid rows are written, rows with errors are reported and skipped). The first row is the ' +
  'header (column names are case-insensitive; spaces count as `_`); an empty `id` creates, a UUID updates. Row errors ' +
  'carry `row` (1-based, header = 1), `column`, `value`, `identifier` and `code`; rows repeating an earlier row’s key ' +
  'count as `duplicates` and are skipped with a warning. Limits: 10 MB (413) and 10,000 data rows (400); an unreadable ' +
  'file, a missing required column or bad `options` answer 400 (`details.code` `FILE_ERROR` for file problems) and ' +
  'write nothing. All writes happen in one transaction.';

export async function readImportRequest(c: Context<AppEnv>): Promise<{ rows: string[][]; options: ImportOptions }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new ApiError('VALIDATION_ERROR', 'Send the file as multipart/form-data with a `file` field', { fields: { file: ['Required'] } });
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ApiError('VALIDATION_ERROR', 'Malformed multipart body', { fields: { file: ['Required'] } });
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw new ApiError('VALIDATION_ERROR', 'The `file` field is required and must be a file', { fields: { file: ['Required'] } });
  const raw = form.get('options');
  let parsedOptions: unknown = {};
  if (typeof raw === 'string' && raw.trim()) {
    try {
      parsedOptions = JSON.parse(raw);
    } catch {
      throw new ApiError('VALIDATION_ERROR', '`options` must be a JSON object', { fields: { options: ['Invalid JSON'] } });
    }
  }
  const options = importOptions.safeParse(parsedOptions);
  if (!options.success) throw validationError(options.error, 'form');
  return { rows: await readTable(file as File), options: options.data };
}

export function importResult(
  entityType: 'contacts' | 'groups',
  options: ImportOptions,
  totalRows: number,
  s: { created: number; updated: number; skipped: number; duplicates: number },
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
