// Export and import of resources (CSV, TSV, XLSX through lib/transfer): the same implementation
// serves `/resources/export|import` and the generic `/export|import/resources`. Every row is
// checked first (names, ids and spaces of this tenant, status, location, category keys, tag
// names, the default type and category of the options); then all writes go in one transaction,
// batched (links too: a handful of statements per 1,000 rows), with max_resources held for the rows created.
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { importResult, mayWrite, readSheet } from '../../../lib/transfer/imports';
import { UUID, type ImportInput, type ImportStats, type RowError } from '../../../lib/transfer/model';
import { linkCategoriesMany, unlinkCategoriesOfEntities } from '../../catalog/categories';
import { tenantLanguages } from '../../catalog/shared/languages';
import { linkTagNamesMany, normalizeTagName } from '../../catalog/tags';
import type { ExportTable, ImportOutcome } from '../../catalog/transfer/transfer.registry';
import { assertWithinLimit } from '../../tenants/settings/limits';
import type { Translations } from '../shared/directory.model';
import { checkDefaultType, checkImportDefaults, createdCategories } from '../shared/import-defaults';
import { RESOURCE_STATUSES } from './resources.model';
import * as t from './resources.transfer.queries';

const BASE = ['id', 'name', 'description', 'language', 'status', 'space_id', 'latitude', 'longitude', 'categories', 'tags', 'custom_order'];
const DESCRIPTIONS: Record<string, string> = {
  id: 'Resource id: empty creates a resource, an id of this tenant updates it',
  name: 'Name in the base language (required, 1..255 characters)',
  status: 'active, inactive, maintenance or retired',
  space_id: 'Id of a space of this tenant, or empty',
  latitude: 'Current location latitude (-90..90), with longitude',
  longitude: 'Current location longitude (-180..180), with latitude',
  categories: 'Comma-separated category keys',
  tags: 'Comma-separated tag names',
  custom_order: 'List order, higher first (read only)',
};

const extraLanguages = async (ctx: ServiceContext) => {
  const l = await tenantLanguages(ctx);
  return l.additional.filter((x) => x !== l.base);
};
const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export async function exportResources(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<ExportTable> {
  const [{ rows, total }, extra] = await Promise.all([t.exportPage(ctx, page.limit, page.offset), extraLanguages(ctx)]);
  const tr = extra.flatMap((l) => [`name_${l}`, `description_${l}`]);
  const header = [...BASE, ...tr, 'created_at', 'updated_at'];
  const num = (n: number | null) => (n === null ? null : String(n));
  const lines = rows.map(({ row: r, categoryKeys, tagNames }) => [
    r.id, r.name, r.description, r.language, r.status, r.spaceId, num(r.currentLat), num(r.currentLng), categoryKeys, tagNames, String(r.customOrder),
    ...extra.flatMap((l) => [r.translations[l]?.name ?? null, r.translations[l]?.description ?? null]), r.createdAt.toISOString(), r.updatedAt.toISOString(),
  ]);
  const example = ['', 'Projector', 'Meeting room beamer', '', 'active', '', '47.3769', '8.5417', '', '', '', ...tr.map(() => ''), '', ''];
  return { header, descriptions: DESCRIPTIONS, rows: lines, total, example };
}

interface Planned {
  id: string | null;
  values: t.ResourceUpdate;
  categoryIds: string[];
  tags: string[];
}

export async function importResourcesOutcome(ctx: ServiceContext, { rows, options }: ImportInput): Promise<ImportOutcome> {
  const extra = await extraLanguages(ctx);
  const { data, cell, warnings } = readSheet(rows, 'name', [...BASE, ...extra.flatMap((l) => [`name_${l}`, `description_${l}`]), 'created_at', 'updated_at']);
  const uuids = (col: string) => [...new Set(data.map((r) => cell(r, col) ?? '').filter((v) => UUID.test(v)))];
  const [found] = await Promise.all([
    t.lookups(ctx, uuids('id'), uuids('space_id'), [...new Set(data.flatMap((r) => list(cell(r, 'categories'))))], [...new Set(data.flatMap((r) => list(cell(r, 'tags')).map(normalizeTagName)))]),
    checkImportDefaults(ctx, 'resource', options),
  ]);
  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const plans: Planned[] = [];
  const seen = new Set<string>();
  data.forEach((r, i) => {
    const row = i + 2;
    const name = cell(r, 'name') ?? '';
    const id = cell(r, 'id') || null;
    if (!id && name === 'Projector' && cell(r, 'description') === 'Meeting room beamer') return;
    const err = (column: string, value: string, message: string, code: RowError['code']) => void errors.push({ row, column, value: value.slice(0, 100), identifier: name || id || `row ${row}`, message, code });
    if (!name) return err('name', '', 'name is required', 'REQUIRED_FIELD');
    if (name.length > 255 || /[\p{Cc}]/u.test(name)) return err('name', name, 'name must be 1..255 visible characters', 'VALIDATION_ERROR');
    if (id && !UUID.test(id)) return err('id', id, 'id must be a UUID (or empty to create)', 'INVALID_UUID');
    const match = id ? found.resources.get(id) : undefined;
    if (id && !match) return err('id', id, 'No resource with this id in this tenant', 'REFERENCE_NOT_FOUND');
    if (match?.type === 'system') return err('id', id!, 'System resources are read-only', 'VALIDATION_ERROR');
    const status = cell(r, 'status') || match?.status || 'active';
    if (!(RESOURCE_STATUSES as readonly string[]).includes(status) || status === 'pending') return err('status', status, 'status must be active, inactive, maintenance or retired', 'INVALID_FORMAT');
    const spaceId = cell(r, 'space_id') || null;
    if (spaceId && !found.spaces.has(spaceId)) return err('space_id', spaceId, 'No space with this id in this tenant', 'REFERENCE_NOT_FOUND');
    const [latS, lngS] = [cell(r, 'latitude') ?? '', cell(r, 'longitude') ?? ''];
    const [lat, lng] = [latS ? Number(latS) : null, lngS ? Number(lngS) : null];
    if ((lat === null) !== (lng === null) || (lat !== null && !(Math.abs(lat) <= 90 && Math.abs(lng!) <= 180))) return err('latitude', `${latS},${lngS}`, 'latitude -90..90 and longitude -180..180, both or neither', 'INVALID_FORMAT');
    const keys = list(cell(r, 'categories'));
    const unknownKey = keys.find((k) => !found.categories.has(k));
    if (unknownKey) return err('categories', unknownKey, `No category with key ${unknownKey}`, 'REFERENCE_NOT_FOUND');
    const tagNames = list(cell(r, 'tags')).map(normalizeTagName);
    const unknownTag = tagNames.find((n) => !found.tags.has(n));
    if (unknownTag && !options.createMissingTags) return err('tags', unknownTag, `No tag ${unknownTag} (set createMissingTags to create it)`, 'REFERENCE_NOT_FOUND');
    const translations: Translations = { ...(options.mergeStrategy === 'replace' ? {} : match?.translations) };
    for (const l of extra) {
      const n = cell(r, `name_${l}`);
      if (n) translations[l] = { name: n, description: cell(r, `description_${l}`) || null };
    }
    const key = match?.id ?? `name:${name.toLowerCase()}`;
    if (seen.has(key)) return void stats.duplicates++;
    seen.add(key);
    if (match && options.mergeStrategy === 'skip') return void stats.skipped++;
    // merge keeps what a row leaves empty; replace takes the row as it is.
    const keep = match && options.mergeStrategy !== 'replace' ? match : undefined;
    const located = lat !== null || !keep;
    const values = {
      id: match?.id ?? '', name, description: cell(r, 'description') || (keep?.description ?? null), language: cell(r, 'language') || null, status,
      space_id: spaceId ?? keep?.spaceId ?? null, lat: located ? lat : keep.currentLat, lng: located ? lng : keep.currentLng, translations,
    };
    const categoryIds = keys.map((k) => found.categories.get(k)!);
    plans.push({ id: match?.id ?? null, values, categoryIds: match ? categoryIds : createdCategories(options, categoryIds), tags: tagNames });
    if (match) stats.updated++;
    else stats.created++;
  });
  const written = mayWrite(options, errors, plans.length);
  if (written) {
    await inTransaction(ctx, async (tx) => {
      if (stats.created) await Promise.all([assertWithinLimit(tx, 'resources', { adding: stats.created }), checkDefaultType(tx, 'resource', options)]);
      const p = await tx.principal();
      const by = p.kind === 'user' ? p.userId : p.createdBy;
      const creates = plans.filter((x) => !x.id);
      const updates = plans.filter((x) => x.id);
      const base = (await tenantLanguages(tx)).base;
      const newIds = await t.insertMany(
        tx,
        creates.map(({ values: v }) => ({ name: v.name, description: v.description, language: v.language ?? base, status: v.status as (typeof RESOURCE_STATUSES)[number], typeDefinitionId: options.defaultTypeDefinitionId ?? null, spaceId: v.space_id, currentLat: v.lat, currentLng: v.lng, translations: v.translations as Translations, createdBy: by })),
      );
      await t.updateMany(tx, updates.map((x) => x.values));
      // Links set-based: updated rows lose their categories (the row's replace them), then one
      // insert per batch of links for categories and for tags (tags created when missing).
      const linked = [...creates.map((x, i) => ({ id: newIds[i]!, plan: x })), ...updates.map((x) => ({ id: x.id!, plan: x }))];
      await unlinkCategoriesOfEntities(tx, 'resource', updates.map((x) => x.id!));
      await linkCategoriesMany(tx, 'resource', linked.map(({ id, plan }) => ({ entityId: id, categoryIds: plan.categoryIds })));
      await linkTagNamesMany(tx, 'resource', linked.map(({ id, plan }) => ({ entityId: id, names: plan.tags })));
    });
    ctx.audit({ action: 'resource.import', resourceType: 'resource', resourceId: null, details: { ...stats } });
  }
  return { stats, errors, warnings, totalRows: data.length, written };
}

export async function importResources(ctx: ServiceContext, input: ImportInput) {
  const o = await importResourcesOutcome(ctx, input);
  return importResult('resources', input.options, o.totalRows, o.stats, o.errors, o.warnings, o.written);
}
