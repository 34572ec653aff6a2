// Type definitions (list, read, create, change, delete) and their JSON and spreadsheet export and
// import: the contract routes, who may call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { FORMATS, IMPORT_MAX_ROWS } from '../../../lib/transfer/model';
import { APPLIES_TO, CATEGORY_DOC } from './type-definitions.model';
import { FORMATS as SCHEMA_FORMATS } from './type-definitions.schema';

const params = idParam('Type definition id');
const flag = (description: string) => z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description });

const SUBSET_DOC =
  '`schemaDefinition` is a JSON Schema subset: `{properties: {<name>: <property>}, required?: [<name>]}`; property names ' +
  'start with a letter (letters, digits, `_`, `-`, ≤ 64). A property has `type` (string, number, integer, boolean, array, ' +
  'object) and only these keywords: any type `title`, `description`, `default` (must pass the property’s own rules), ' +
  '`enum` (1..100 distinct values of the type); string `minLength`, `maxLength`, `pattern` (ECMAScript with the `u` flag, ' +
  `≤ 500 characters, no nested quantifiers), \`format\` (${SCHEMA_FORMATS.join(', ')}); number/integer \`minimum\`, \`maximum\`; ` +
  'array `items` (a property), `minItems`, `maxItems`; object `properties`, `required`, `additionalProperties` (boolean). ' +
  'At most 4 levels and 200 properties. `required` must name existing properties. Anything else is 422 `UNPROCESSABLE_ENTITY` ' +
  '(`details.reason` `INVALID_SCHEMA`, `details.fields` maps each offending path, e.g. `schemaDefinition.properties.size.minLength`, ' +
  'to its messages). Stored normalized: `required` in property order, a top-level `title` equal to its property name dropped; ' +
  'the key order of `properties` is kept (it is the display order). Settings may hold keys the schema does not name.';
const ROW_DOC =
  'Each type definition is answered as its whole row: `id`, `tenantId` (null for platform types), `name`, `label`, ' +
  '`description`, `category`, `appliesTo`, `schemaDefinition`, `isActive`, `isSystem`, `createdBy`, `updatedBy`, `createdAt`, `updatedAt`.';
const SYSTEM_DOC = 'Platform (system) types (`isSystem`, no tenant) are visible to every tenant and read-only: changing or deleting one is 403 (`details.reason` `SYSTEM_TYPE`).';

export const list = contractRoute(contract.getSecureTypeDefinitions, {
  description:
    `Type definitions the caller’s tenant sees: its own and, unless \`includeSystem=false\`, the platform’s (listed first), each by name. ` +
    'Filters: `appliesTo` (target entity type), `name` (case-insensitive substring), `active` (true/false). `limit` 1..500 ' +
    `(default 100), \`offset\`. ${ROW_DOC} Needs \`type_definitions:read\`.`,
  request: {
    query: z.object({
      appliesTo: z.enum(APPLIES_TO).optional().openapi({ description: 'Only types for this entity type' }),
      name: z.string().trim().min(1).max(100).optional().openapi({ description: 'Substring of the type name' }),
      includeSystem: flag('Include platform types (default true)'),
      active: flag('Only active (true) or inactive (false) types'),
      ...limitOffsetQuery(100, 500),
    }),
  },
  auth: { permission: 'type_definitions:read' },
});

export const create = contractRoute(contract.postSecureTypeDefinitions, {
  description:
    'Creates a type definition of the caller’s tenant (201). `name` is unique among the tenant’s and the platform’s types ' +
    '(409, `details.reason` `NAME_TAKEN` or `SYSTEM_TYPE_NAME`). `appliesTo` is required unless the legacy `category` maps ' +
    `to an entity type (case-insensitive, singular or plural: ${CATEGORY_DOC}); otherwise 422 \`APPLIES_TO_REQUIRED\`. ` +
    `${SUBSET_DOC} ${ROW_DOC} Needs \`type_definitions:write\` (owners and admins).`,
  auth: { permission: 'type_definitions:write' },
  errors: [409, 422],
});

export const get = contractRoute(contract.getSecureTypeDefinitionsById, {
  description: `A type definition of the caller’s tenant or of the platform (404 otherwise). ${ROW_DOC} Needs \`type_definitions:read\`.`,
  request: { params },
  auth: { permission: 'type_definitions:read' },
});

export const patch = contractRoute(contract.patchSecureTypeDefinitionsById, {
  description:
    'Changes `label`, `description`, `is_active` (inactive types cannot be given to entities: 422 `TYPE_INACTIVE`) and ' +
    '`schemaDefinition`. A partial schema keeps what it leaves out: without `properties` the current ones stay; without ' +
    '`required` the current list stays (minus properties no longer there). `name` and `appliesTo` never change. Settings ' +
    `already stored are checked against the new schema when they are next written. ${SUBSET_DOC} ${SYSTEM_DOC} Needs \`type_definitions:write\`.`,
  request: { params },
  auth: { permission: 'type_definitions:write' },
  errors: [422],
});

export const remove = contractRoute(contract.deleteSecureTypeDefinitionsById, {
  description:
    'Deletes a type definition of the caller’s tenant (204). A type in use (users with this `typeDefinitionId`; spaces, ' +
    'resources and calendars as those areas register their checks) is not deleted: 409 with `details.reason` `IN_USE` and ' +
    `\`details.usage\` counting the entities by kind. ${SYSTEM_DOC} Needs \`type_definitions:write\`.`,
  request: { params },
  auth: { permission: 'type_definitions:write' },
  errors: [409],
});

const BUNDLE_DOC =
  'Each type is `{name, label, description, appliesTo, properties[]}`; its schema maps to `properties[]` without loss: a ' +
  'property’s key is `name`, its position `displayOrder` (1-based), `type` its type, `displayName` its `title` (the name ' +
  'when it has none), `description` (null: none), `isMandatory` whether `required` lists it, `defaultValue` ' +
  '`{"value": <default>}` (null: none) and `validationRules` every other keyword (`enum`, `minLength`, `items`, …; null: none).';

export const exportBundle = contractRoute(contract.getSecureTypeDefinitionsExport, {
  description:
    'The tenant’s type definitions as a JSON bundle `{version: "1.0", exportedAt, source: {tenantId, tenantSlug}, typeDefinitions[]}`, ' +
    `by name; \`includeSystem=true\` adds the platform’s after them. ${BUNDLE_DOC} Needs \`type_definitions:read\`.`,
  request: { query: z.object({ includeSystem: flag('Also export platform types (default false)') }) },
  auth: { permission: 'type_definitions:read' },
});

export const exportOne = contractRoute(contract.getSecureTypeDefinitionsByIdExport, {
  description: `One type definition (the tenant’s or a platform one) in the bundle’s item form. ${BUNDLE_DOC} Needs \`type_definitions:read\`.`,
  request: { params },
  auth: { permission: 'type_definitions:read' },
});

export const SHEET_DOC =
  'One row per property (a type without properties is one row with empty property columns), rows of one type together: ' +
  '`type_name`, `label`, `description`, `applies_to` (repeated on each row of the type), `property_name`, `property_type`, ' +
  '`display_name`, `property_description`, `is_mandatory` (true/false), `default_value` and `validation_rules` (JSON), `display_order`.';

export const exportSheet = contractRoute(contract.getSecureTypeDefinitionsExportExcel, {
  description:
    `The tenant’s type definitions as a spreadsheet (\`format\`: xlsx, the default, csv or tsv). ${SHEET_DOC} At most ` +
    `${IMPORT_MAX_ROWS} rows per file (\`limit\`, \`offset\`); \`X-Total-Count\` tells how many rows there are. The same file ` +
    'as `GET /api/v1/secure/export/type_definitions`. Needs `type_definitions:read`.',
  request: {
    query: z.object({
      format: z.enum(FORMATS).default('xlsx').openapi({ description: '`xlsx` (default), `csv` or `tsv`' }),
      limit: z.coerce.number().int().min(1).max(IMPORT_MAX_ROWS).default(IMPORT_MAX_ROWS).openapi({ description: `Rows per file, 1..${IMPORT_MAX_ROWS}` }),
      offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Rows to skip' }),
    }),
  },
  auth: { permission: 'type_definitions:read' },
});

const IMPORT_DOC =
  'A type matches an existing one of the tenant by `name`. `mergeStrategy`: `skip` (default; existing types stay), ' +
  '`replace` (label, description and schema overwritten), `merge` (only empty fields filled: a missing description, ' +
  'properties the type lacks, added at the end). `appliesTo` of an existing type cannot change and platform types cannot ' +
  'be changed (errors). Items repeating an earlier name count as `duplicates`. All or nothing: any error writes nothing ' +
  '(`success` false). `dryRun` answers exactly what the import would, writing nothing.';

export const importBundle = contractRoute(contract.postSecureTypeDefinitionsImport, {
  description:
    `Imports type definitions from a JSON bundle (the export’s \`typeDefinitions\`; other bundle fields are ignored). ${IMPORT_DOC} ` +
    'Errors carry `index` (position in `typeDefinitions`), `identifier` (the name), `message` and `code` (`VALIDATION_ERROR`, ' +
    `\`DUPLICATE_ENTRY\`). ${BUNDLE_DOC} Needs \`type_definitions:write\`.`,
  auth: { permission: 'type_definitions:write' },
});

export const importSheet = contractRoute(contract.postSecureTypeDefinitionsImportExcel, {
  description:
    'Imports type definitions from a spreadsheet (`multipart/form-data`: `file` xlsx/csv/tsv, optional `options` JSON with ' +
    `\`dryRun\`, \`mergeStrategy\`, \`skipErrors\`). ${SHEET_DOC} ${IMPORT_DOC} With \`skipErrors: true\` the valid types are ` +
    'written. Errors carry `index` (the type’s position in the file), `row` (its first row, header = 1), `identifier`, ' +
    '`message`, `code`. Same as `POST /api/v1/secure/import/type_definitions`. Needs `type_definitions:write`.',
  auth: { permission: 'type_definitions:write' },
  errors: [413],
});
