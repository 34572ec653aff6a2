// The import and export vocabulary shared by routes, handlers and the import services.
import { z } from '@hono/zod-openapi';

export { FORMATS, IMPORT_MAX_ROWS, type Format } from './tabular';

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

/** What an import was given: the file's rows (header first) and the options. */
export interface ImportInput {
  rows: string[][];
  options: ImportOptions;
}

export interface ImportStats {
  created: number;
  updated: number;
  skipped: number;
  duplicates: number;
}

/** The users file: every column the export writes, and those the import may change. */
export const USER_EXPORT_COLUMNS = ['id', 'email', 'first_name', 'middle_name', 'last_name', 'display_name', 'locale', 'status', 'role', 'email_confirmed_at', 'created_at', 'updated_at'];
export const USER_WRITABLE = ['first_name', 'middle_name', 'last_name', 'display_name', 'locale'] as const;
export type UserWritable = (typeof USER_WRITABLE)[number];

/** The groups file's columns (the import reads `id`, `name`, `description` and `permissions`). */
export const GROUP_EXPORT_COLUMNS = ['id', 'name', 'description', 'permissions', 'member_count', 'created_at', 'updated_at'];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
