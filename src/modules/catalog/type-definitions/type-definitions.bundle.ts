// The JSON bundle: export of the tenant's types (schema → properties[]) and import of such items
// (properties[] → schema) with merge strategies, dry run and all-or-nothing writes. The
// spreadsheet import (type-definitions.sheet.ts) reads its rows into the same items.
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError, notFound } from '../../../lib/errors';
import { fromProperties, toProperties } from './type-definitions.mapping';
import { APPLIES_TO, type BundleImportOptions, type BundleImportResult, type BundleItem, type ItemError, type NewTypeRow, type SchemaDefinition, type TypeRow } from './type-definitions.model';
import * as q from './type-definitions.queries';
import { normalizeSchema, schemaProblems } from './type-definitions.schema';
import { actorId } from './type-definitions.service';

export const BUNDLE_VERSION = '1.0';
const NAME = /^[a-z0-9-]{2,100}$/;

export const toItem = (t: TypeRow) => ({ name: t.name, label: t.label, description: t.description, appliesTo: t.appliesTo, properties: toProperties(t.schemaDefinition) });

export async function exportBundle(ctx: ServiceContext, includeSystem = false) {
  // Both reads go out together (one round trip with the caller check on the read path).
  const [types, slug] = await Promise.all([q.exportableTypes(ctx, includeSystem), q.tenantSlug(ctx)]);
  return {
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    source: { tenantId: ctx.tenantId!, ...(slug ? { tenantSlug: slug } : {}) },
    typeDefinitions: types.map(toItem),
  };
}

export async function exportOne(ctx: ServiceContext, id: string) {
  const [t] = await q.exportableTypes(ctx, true, id);
  if (!t) throw notFound('Type definition');
  return toItem(t);
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const describe = (problems: Record<string, string[]>) => Object.entries(problems).map(([p, m]) => `${p}: ${m.join('; ')}`).join(' | ');

/** `merge`: the current schema plus the item's properties it lacks (appended; their `required` too). */
function mergedSchema(current: SchemaDefinition, incoming: SchemaDefinition): SchemaDefinition {
  const properties = { ...current.properties };
  const required = [...(current.required ?? [])];
  for (const [name, s] of Object.entries(incoming.properties)) {
    if (Object.hasOwn(properties, name)) continue;
    properties[name] = s;
    if (incoming.required?.includes(name)) required.push(name);
  }
  return normalizeSchema({ properties, required });
}

type Update = { id: string; set: q.TypeChanges };

/**
 * Plans the import of `items` against the tenant's types, then writes it (one transaction) unless
 * it is a dry run or errors block it. `preErrors`: problems found while reading the items (files).
 */
export async function importItems(ctx: ServiceContext, items: BundleItem[], options: BundleImportOptions, preErrors: ItemError[] = []): Promise<BundleImportResult> {
  const errors: ItemError[] = [...preErrors];
  const warnings: string[] = [];
  const stats = { created: 0, updated: 0, skipped: 0, duplicates: 0, errors: 0 };
  const visible = await q.listTypes(ctx, { includeSystem: true, limit: 100_000, offset: 0 });
  const own = new Map(visible.filter((t) => t.tenantId !== null).map((t) => [t.name, t]));
  const system = new Set(visible.filter((t) => t.tenantId === null).map((t) => t.name));
  const blocked = new Set(preErrors.map((e) => e.index));
  const seen = new Map<string, number>();
  const inserts: Omit<NewTypeRow, 'tenantId'>[] = [];
  const updates: Update[] = [];
  const by = actorId(ctx.actor);

  items.forEach((item, index) => {
    const identifier = item.name || `#${index}`;
    const fail = (message: string, code = 'VALIDATION_ERROR') => void errors.push({ index, identifier, message, code });
    if (blocked.has(index)) return;
    if (!NAME.test(item.name)) return fail('name must be 2 to 100 characters of a-z, 0-9 and -');
    if (item.label.length < 2 || item.label.length > 255) return fail('label must be 2 to 255 characters');
    if ((item.description?.length ?? 0) > 1000) return fail('description must be at most 1000 characters');
    if (!(APPLIES_TO as readonly string[]).includes(item.appliesTo)) return fail(`appliesTo must be one of ${APPLIES_TO.join(', ')}`);
    const { schema, problems } = fromProperties(item.properties ?? []);
    const schemaIssues = Object.keys(problems).length ? problems : schemaProblems(schema, 'properties');
    if (Object.keys(schemaIssues).length) return fail(`Invalid properties: ${describe(schemaIssues)}`);
    const first = seen.get(item.name);
    if (first !== undefined) {
      stats.duplicates++;
      return void warnings.push(`typeDefinitions[${index}] repeats typeDefinitions[${first}] (${item.name}): skipped`);
    }
    seen.set(item.name, index);
    const schemaDefinition = normalizeSchema(schema);
    const current = own.get(item.name);
    if (!current && system.has(item.name)) {
      if (options.mergeStrategy === 'skip') {
        stats.skipped++;
        return void warnings.push(`${item.name} is a platform type definition: skipped`);
      }
      return fail(`${item.name} is a platform type definition and cannot be changed`, 'DUPLICATE_ENTRY');
    }
    if (!current) {
      inserts.push({ name: item.name, label: item.label, description: item.description ?? null, appliesTo: item.appliesTo, schemaDefinition, createdBy: by, updatedBy: by });
      return void stats.created++;
    }
    if (current.appliesTo !== item.appliesTo) return fail(`${item.name} applies to ${current.appliesTo}; appliesTo cannot change (delete and recreate the type)`);
    if (options.mergeStrategy === 'skip') return void stats.skipped++;
    const set: q.TypeChanges =
      options.mergeStrategy === 'replace'
        ? { label: item.label, description: item.description ?? null, schemaDefinition }
        : { description: current.description ?? item.description ?? null, schemaDefinition: mergedSchema(current.schemaDefinition, schemaDefinition) };
    const changed = Object.entries(set).some(([k, v]) => !sameJson(v, current[k as keyof TypeRow]));
    if (!changed) return void stats.skipped++;
    updates.push({ id: current.id, set: { ...set, updatedBy: by } });
    stats.updated++;
  });
  errors.sort((a, b) => a.index - b.index);
  stats.errors = new Set(errors.map((e) => e.index)).size;

  const stop = errors.length > 0 && !options.skipErrors;
  const written = !options.dryRun && !stop && inserts.length + updates.length > 0;
  if (written) {
    await inTransaction(ctx, async (tx) => {
      if (!(await q.insertTypes(tx, inserts))) throw new ApiError('CONFLICT', 'A type definition of this import was created meanwhile: retry', { reason: 'NAME_TAKEN' });
      for (const u of updates) await q.updateType(tx, u.id, u.set);
    });
    ctx.audit({ action: 'type_definition.import', resourceType: 'type_definition', details: { created: stats.created, updated: stats.updated, skipped: stats.skipped } });
  }
  if (stop) {
    if (!options.dryRun) warnings.push('Nothing was written because items have errors');
    if (!options.dryRun) Object.assign(stats, { created: 0, updated: 0 });
  }
  return { success: !stop, dryRun: options.dryRun, stats, warnings, errors, written };
}
