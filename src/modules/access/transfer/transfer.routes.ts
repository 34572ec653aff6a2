// Export and import of the tenant's users and groups (CSV, TSV, XLSX): the contract routes, who
// may call them, their parameters and the file rules the reference leaves unsaid.
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { exportQuery } from '../../../lib/transfer/model';
import { GROUP_EXPORT_COLUMNS, USER_EXPORT_COLUMNS } from './transfer.model';

const IMPORT_RULES =
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

const columnList = (columns: string[]) => columns.map((c) => `\`${c}\``).join(', ');

export const exportUsers = contractRoute(contract.getSecureUsersExport, {
  description:
    'Downloads the members of the caller’s tenant as a file (`format`: csv, tsv or xlsx) with a header row: ' +
    `${columnList(USER_EXPORT_COLUMNS)}; ordered by email. At most 10,000 rows per file (\`limit\`, \`offset\`); ` +
    '`X-Total-Count` tells how many there are. CSV/TSV are UTF-8 with a BOM; text cells starting with `=`, `+`, `-` or ' +
    '`@` get a leading `\'` so spreadsheet programs do not run them (the import removes it). Needs `users:read`.',
  request: { query: exportQuery },
  auth: { permission: 'users:read' },
});

export const importUsers = contractRoute(contract.postSecureUsersImport, {
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

export const exportGroups = contractRoute(contract.getSecureGroupsExport, {
  description:
    'Downloads the groups of the caller’s tenant (`format`: csv, tsv or xlsx) with a header row: ' +
    `${columnList(GROUP_EXPORT_COLUMNS)}; \`permissions\` holds the codes separated by spaces; ordered by name. ` +
    'At most 10,000 rows per file (`limit`, `offset`), `X-Total-Count` tells how many there are. Members are not part of ' +
    'the file (manage them with `/groups/{id}/members`). Needs `groups:read`.',
  request: { query: exportQuery },
  auth: { permission: 'groups:read' },
});

export const importGroups = contractRoute(contract.postSecureGroupsImport, {
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
