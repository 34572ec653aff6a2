// The generic import and export (`/secure/export/…`, `/secure/import/…`): the contract routes, who
// may call them, their parameters and the file rules the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { FORMATS, IMPORT_MAX_ROWS } from '../../../lib/transfer/model';

export const typeParams = z.object({
  entityType: z.string().max(64).openapi({ description: 'A registered entity type (see `GET /api/v1/secure/export/` and `/import/`); others answer 404' }),
});

export const exportQuery = z.object({
  format: z.enum(FORMATS).default('csv').openapi({ description: '`csv` (default), `tsv` or `xlsx`' }),
  limit: z.coerce.number().int().min(1).max(IMPORT_MAX_ROWS).default(IMPORT_MAX_ROWS).openapi({ description: `Rows per file, 1..${IMPORT_MAX_ROWS} (default ${IMPORT_MAX_ROWS})` }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Rows to skip: the next file of a type with more rows than one file holds' }),
});

const XLS =
  'Legacy `.xls` (BIFF) files are refused (400 `FILE_ERROR`) and not listed: npm’s only full `.xls` reader is outdated and has ' +
  'known vulnerabilities, so files are read as XLSX, CSV or TSV only (save an .xls sheet as .xlsx).';

const TYPE_RULES =
  'Only registered types are served (their area registers them: `groups` today; categories, tags, type definitions, spaces, ' +
  'resources and contacts as their areas land); any other `entityType` answers 404. Besides the route’s permission the caller ' +
  'needs the type’s own (groups: `groups:read` to export, `groups:write` to import), else 403.';

const IMPORT_RULES =
  'Send `multipart/form-data` with `file` (XLSX, CSV or TSV; recognised from the content, a `.tsv` name or type selects tabs, ' +
  'otherwise the CSV delimiter is detected) and optionally `options`, a JSON object: `dryRun` (default false), `mergeStrategy` ' +
  '(`skip` default: rows matching an existing entity are skipped; `replace`: importable columns overwrite, blank cells clear; ' +
  '`merge`: only non-blank cells overwrite), `skipErrors` (default **false**: any row error writes nothing, `success` false and ' +
  '`created`/`updated` 0; true: valid rows are written, rows with errors reported), `defaultTypeDefinitionId`, ' +
  '`defaultCategoryId` (UUIDs) and `createMissingTags` (default false) for the types that use them (others ignore them); ' +
  'unknown options are a 400. The first row is the header (case-insensitive, spaces count as `_`); an empty `id` creates, a ' +
  'UUID updates the entity of this tenant with that id (another tenant’s id is a `REFERENCE_NOT_FOUND` row error). Rows whose ' +
  '`id` is `example` (the example row of an empty export) are skipped with a warning; row numbers stay those of the file ' +
  '(1-based, header = 1). Limits: 10 MB (413) and 10,000 data rows (400); an unreadable file, a missing header or required ' +
  `column, or bad \`options\` answer 400 (\`details.code\` \`FILE_ERROR\` for file problems) and write nothing. ${XLS} All ` +
  'writes happen in one transaction.';

export const exportTypes = contractRoute(contract.getSecureExport, {
  description: `The registered entity types the caller may export (those whose own permission the caller holds) and the formats (xlsx, csv, tsv). Needs \`data:export\`. ${XLS}`,
  auth: { permission: 'data:export' },
});

export const exportFile = contractRoute(contract.getSecureExportByEntityType, {
  description:
    'Downloads the entities of one type as a file (`format`: csv, tsv or xlsx) with a header row, at most 10,000 rows per file ' +
    '(`limit`, `offset` for the next file); `X-Total-Count` tells how many rows there are in all. In XLSX each header cell carries ' +
    'the column’s description as an Excel comment (note). An export with no rows holds one example row whose `id` cell is ' +
    '`example` (the import skips it), so the file shows what each column takes. Types with translations add a column per ' +
    'additional tenant language (`name_de`, …; never the base language). CSV/TSV are UTF-8 with a BOM; text cells starting ' +
    `with \`=\`, \`+\`, \`-\` or \`@\` get a leading \`'\` (the import removes it); XLSX cells are all text. ${TYPE_RULES} Needs \`data:export\`.`,
  request: { params: typeParams, query: exportQuery },
  auth: { permission: 'data:export' },
});

export const importTypes = contractRoute(contract.getSecureImport, {
  description:
    'The registered entity types the caller may import (in the order a combined import runs them), the formats (xlsx, csv, tsv), ' +
    `merge strategies and limits (10 MB, 10,000 rows). Needs \`data:import\`. ${XLS}`,
  auth: { permission: 'data:import' },
});

export const importFile = contractRoute(contract.postSecureImportByEntityType, {
  description: `Creates and updates entities of one type from a file; answers the ImportResult. ${IMPORT_RULES} ${TYPE_RULES} Needs \`data:import\`.`,
  request: { params: typeParams },
  auth: { permission: 'data:import' },
  errors: [413],
});

export const validateFile = contractRoute(contract.postSecureImportByEntityTypeValidate, {
  description:
    'Runs the import with `dryRun` forced to true: the same checks, counts, warnings and row errors the import would answer, ' +
    `and nothing written. ${IMPORT_RULES} ${TYPE_RULES} Needs \`data:import\`.`,
  request: { params: typeParams },
  auth: { permission: 'data:import' },
  errors: [413],
});
