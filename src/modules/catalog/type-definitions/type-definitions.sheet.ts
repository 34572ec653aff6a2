// Type definitions as a spreadsheet: one row per property (lib/transfer reads and writes the
// file), read back into bundle items for the same import. Registered with the generic
// `/secure/export/type_definitions` and `/secure/import/type_definitions` (index.ts).
import type { ServiceContext } from '../../../context';
import { readSheet } from '../../../lib/transfer/imports';
import type { ImportErrorCode, ImportInput } from '../../../lib/transfer/model';
import type { ExportTable, ImportOutcome } from '../transfer/transfer.registry';
import { exportBundle, importItems } from './type-definitions.bundle';
import type { AppliesTo, BundleImportOptions, BundleItem, ItemError, PropertyItem } from './type-definitions.model';

export const SHEET_COLUMNS = [
  'type_name', 'label', 'description', 'applies_to', 'property_name', 'property_type', 'display_name',
  'property_description', 'is_mandatory', 'default_value', 'validation_rules', 'display_order',
];

const DESCRIPTIONS: Record<string, string> = {
  type_name: 'Type name (a-z, 0-9, -); rows with one name form one type',
  label: 'Label of the type (read from its first row)',
  description: 'Description of the type (first row)',
  applies_to: 'space, resource, calendar or user (first row)',
  property_name: 'Property key; empty for a type without properties',
  property_type: 'string, number, integer, boolean, array or object',
  display_name: 'Label of the property (its JSON Schema title)',
  property_description: 'Description of the property',
  is_mandatory: 'true when settings must hold the property',
  default_value: 'Default as JSON ("blue", 5, true, [..], {..}); empty for none',
  validation_rules: 'Other JSON Schema keywords as a JSON object, e.g. {"minLength":2}',
  display_order: 'Position of the property (1-based)',
};

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** Every row of the tenant's types (one per property), `limit` of them from `offset`. */
export async function exportTable(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<ExportTable> {
  const { typeDefinitions } = await exportBundle(ctx);
  const rows = typeDefinitions.flatMap((t) => {
    const head = [t.name, t.label, t.description, t.appliesTo];
    if (!t.properties.length) return [[...head, null, null, null, null, null, null, null, null]];
    return t.properties.map((p) => [
      ...head, p.name, p.type, p.displayName, p.description, String(p.isMandatory),
      p.defaultValue ? json(p.defaultValue.value) : null, json(p.validationRules), String(p.displayOrder),
    ]);
  });
  return {
    header: SHEET_COLUMNS,
    descriptions: DESCRIPTIONS,
    rows: rows.slice(page.offset, page.offset + page.limit),
    total: rows.length,
    example: ['room-settings', 'Room settings', 'Settings of bookable rooms', 'space', 'capacity', 'integer', 'Capacity', 'Seats', 'true', '10', '{"minimum":1}', '1'],
  };
}

const BOOL: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false, '': false };

/** The file's rows as bundle items (rows grouped by `type_name`), each item's first row, and cell errors by item. */
export function itemsFromRows(rows: string[][]) {
  const { data, cell, warnings } = readSheet(rows, 'type_name', SHEET_COLUMNS);
  const items: BundleItem[] = [];
  const firstRows: number[] = [];
  const errors: (ItemError & { row: number; column?: string })[] = [];
  const byName = new Map<string, number>();
  data.forEach((r, i) => {
    const row = i + 2;
    const name = cell(r, 'type_name') ?? '';
    let index = byName.get(name);
    if (index === undefined) {
      index = items.length;
      byName.set(name, index);
      firstRows.push(row);
      const description = cell(r, 'description');
      items.push({ name, label: cell(r, 'label') ?? '', description: description || null, appliesTo: (cell(r, 'applies_to') ?? '') as AppliesTo, properties: [] });
    }
    const at = index;
    const fail = (column: string, message: string, code: ImportErrorCode = 'INVALID_FORMAT') => void errors.push({ index: at, row, column, identifier: name || `row ${row}`, message, code });
    const propertyName = cell(r, 'property_name');
    if (!propertyName) return;
    const parse = (column: string): unknown => {
      const v = cell(r, column);
      if (!v) return undefined;
      try {
        return JSON.parse(v);
      } catch {
        return fail(column, `${column} is not valid JSON`);
      }
    };
    const dflt = parse('default_value');
    const rules = parse('validation_rules');
    if (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules))) return fail('validation_rules', 'validation_rules must be a JSON object');
    const mandatory = BOOL[(cell(r, 'is_mandatory') ?? '').toLowerCase()];
    if (mandatory === undefined) return fail('is_mandatory', 'is_mandatory must be true or false');
    const order = cell(r, 'display_order');
    if (order && !/^\d{1,6}$/.test(order)) return fail('display_order', 'display_order must be a whole number');
    const description = cell(r, 'property_description');
    const p: PropertyItem = {
      name: propertyName,
      type: cell(r, 'property_type') ?? '',
      displayName: cell(r, 'display_name') || propertyName,
      description: description || null,
      isMandatory: mandatory,
      defaultValue: dflt === undefined ? null : { value: dflt },
      validationRules: (rules as Record<string, unknown> | undefined) ?? null,
      ...(order ? { displayOrder: Number(order) } : {}),
    };
    items[at]!.properties!.push(p);
  });
  return { items, firstRows, errors, warnings };
}

/** The spreadsheet import: the same plan and writes as the JSON bundle's. */
export async function importRows(ctx: ServiceContext, { rows, options }: ImportInput) {
  const read = itemsFromRows(rows);
  const opts: BundleImportOptions = { mergeStrategy: options.mergeStrategy, dryRun: options.dryRun, skipErrors: options.skipErrors };
  const result = await importItems(ctx, read.items, opts, read.errors);
  const errors = result.errors.map((e) => ('row' in e ? e : { ...e, row: read.firstRows[e.index]! }));
  return { ...result, errors, warnings: [...read.warnings, ...result.warnings], totalRows: rows.length - 1 };
}

/** The generic import's outcome (row-numbered errors). */
export async function importOutcome(ctx: ServiceContext, input: ImportInput): Promise<ImportOutcome> {
  const r = await importRows(ctx, input);
  return {
    stats: { created: r.stats.created, updated: r.stats.updated, skipped: r.stats.skipped, duplicates: r.stats.duplicates },
    errors: r.errors.map((e) => ({ row: e.row as number, ...('column' in e && e.column ? { column: e.column as string } : {}), identifier: e.identifier, message: e.message, code: e.code as ImportErrorCode })),
    warnings: r.warnings,
    totalRows: r.totalRows,
    written: r.written,
  };
}
