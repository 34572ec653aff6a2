// The import and export vocabulary every area's file import shares (the reference's ImportResult).
import { z } from '@hono/zod-openapi';

import { FORMATS, IMPORT_MAX_ROWS } from './tabular';

export { FORMATS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type Format } from './tabular';

/** The query of every file export: format and a page of rows. */
export const exportQuery = z.object({
  format: z.enum(FORMATS).default('csv').openapi({ description: '`csv` (default), `tsv` or `xlsx`' }),
  limit: z.coerce.number().int().min(1).max(IMPORT_MAX_ROWS).default(IMPORT_MAX_ROWS).openapi({ description: `Rows per file, 1..${IMPORT_MAX_ROWS} (default ${IMPORT_MAX_ROWS})` }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Rows to skip (for tenants with more rows than one file holds)' }),
});

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
  // For types that have them (resources, spaces; tags): the others ignore them.
  defaultTypeDefinitionId: z.uuid().optional(),
  defaultCategoryId: z.uuid().optional(),
  createMissingTags: z.boolean().default(false),
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

export { UUID } from '../uuid';

/** The entity types of the reference's ImportResult and export list. */
export const TRANSFER_ENTITY_TYPES = ['resources', 'spaces', 'categories', 'tags', 'contacts', 'groups', 'type_definitions', 'message_templates'] as const;
export type TransferEntityType = (typeof TRANSFER_ENTITY_TYPES)[number];
