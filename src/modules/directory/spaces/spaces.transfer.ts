// Export and import of spaces (CSV, TSV, XLSX through lib/transfer): the same implementation serves
// `/spaces/export|import` and the generic `/export|import/spaces`. Every row is checked first
// (names, ids of this tenant, type, status, location, category keys, tag names, translations, the
// default type and category of the options); then all writes go in one transaction, batched (rows
// and links: a handful of statements per 1,000 rows), with max_spaces held for the rows created.
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { importResult, mayWrite, readSheet } from '../../../lib/transfer/imports';
import { UUID, type ImportInput, type ImportStats, type RowError } from '../../../lib/transfer/model';
import { linkCategoriesMany, unlinkCategoriesOfEntities } from '../../catalog/categories';
import { linkTagNamesMany, normalizeTagName } from '../../catalog/tags';
import { tenantLanguages } from '../../catalog/shared/languages';
import type { ExportTable, ImportOutcome } from '../../catalog/transfer/transfer.registry';
import { assertWithinLimit } from '../../tenants/settings/limits';
import { SPACE_STATUSES, type SpaceStatus, type SpaceTranslations } from './spaces.model';
import { checkDefaultType, checkImportDefaults, createdCategories } from '../shared/import-defaults';
import * as t from './spaces.transfer.queries';

const BASE = ['id', 'name', 'description', 'language', 'type', 'status', 'latitude', 'longitude', 'categories', 'tags', 'custom_order'];
const DESCRIPTIONS: Record<string, string> = {
  id: 'Space id: empty creates a space, an id of this tenant updates it',
  name: 'Name in the base language (required, 2..255 characters)',
  type: 'default or custom (system spaces are read-only)',
  status: 'active, inactive, maintenance or retired',
  latitude: 'Home location latitude (-90..90), with longitude',
  longitude: 'Home location longitude (-180..180), with latitude',
  categories: 'Comma-separated category keys',
  tags: 'Comma-separated tag names',
  custom_order: 'List order, higher first (read only)',
};

const extraLanguages = async (ctx: ServiceContext) => {
  const l = await tenantLanguages(ctx);
  return l.additional.filter((x) => x !== l.base);
};
const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export async function exportSpaces(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<ExportTable> {
  const [{ rows, total }, extra] = await Promise.all([t.exportPage(ctx, page.limit, page.offset), extraLanguages(ctx)]);
  const tr = extra.flatMap((l) => [`name_${l}`, `description_${l}`]);
  const header = [...BASE, ...tr, 'created_at', 'updated_at'];
  const num = (n: number | null) => (n === null ? null : String(n));
  const lines = rows.map(({ row: r, categoryKeys, tagNames }) => [
    r.id, r.name, r.description, r.language, r.type, r.status, num(r.homeLat), num(r.homeLng), categoryKeys, tagNames, String(r.customOrder),
    ...extra.flatMap((l) => [r.translations[l]?.name ?? null, r.translations[l]?.description ?? null]), r.createdAt.toISOString(), r.updatedAt.toISOString(),
  ]);
  const example = ['', 'Main hall', 'Ground floor', '', 'custom', 'active', '47.3769', '8.5417', '', '', '', ...tr.map(() => ''), '', ''];
  return { header, descriptions: DESCRIPTIONS, rows: lines, total, example };
}

interface Planned {
  id: string | null;
  values: { name: string; description: string | null; language?: string; type: 'default' | 'custom'; status: SpaceStatus; homeLat: number | null; homeLng: number | null; translations: SpaceTranslations };
  categoryIds: string[];
  tags: string[];
}

export async function importSpacesOutcome(ctx: ServiceContext, { rows, options }: ImportInput): Promise<ImportOutcome> {
  const extra = await extraLanguages(ctx);
  const { data, cell, warnings } = readSheet(rows, 'name', [...BASE, ...extra.flatMap((l) => [`name_${l}`, `description_${l}`]), 'created_at', 'updated_at']);
  const [found] = await Promise.all([
    t.lookups(
      ctx,
      data.map((r) => cell(r, 'id') ?? '').filter((v) => UUID.test(v)),
      [...new Set(data.flatMap((r) => list(cell(r, 'categories'))))],
      [...new Set(data.flatMap((r) => list(cell(r, 'tags')).map(normalizeTagName)))],
    ),
    checkImportDefaults(ctx, 'space', options),
  ]);
  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const plans: Planned[] = [];
  const seen = new Set<string>();
  data.forEach((r, i) => {
    const row = i + 2;
    const name = cell(r, 'name') ?? '';
    const id = cell(r, 'id') || null;
    if (id === 'example' || (!id && name === 'Main hall' && cell(r, 'description') === 'Ground floor')) return;
    const err = (column: string, value: string, message: string, code: RowError['code']) => void errors.push({ row, column, value: value.slice(0, 100), identifier: name || id || `row ${row}`, message, code });
    if (!name) return err('name', '', 'name is required', 'REQUIRED_FIELD');
    if (name.length < 2 || name.length > 255 || /[\p{Cc}]/u.test(name)) return err('name', name, 'name must be 2..255 visible characters', 'VALIDATION_ERROR');
    if (id && !UUID.test(id)) return err('id', id, 'id must be a UUID (or empty to create)', 'INVALID_UUID');
    const match = id ? found.spaces.get(id) : undefined;
    if (id && !match) return err('id', id, 'No space with this id in this tenant', 'REFERENCE_NOT_FOUND');
    if (match?.type === 'system') return err('id', id!, 'System spaces are read-only', 'VALIDATION_ERROR');
    const type = cell(r, 'type') || match?.type || 'custom';
    if (type !== 'default' && type !== 'custom') return err('type', type, 'type must be default or custom', 'INVALID_FORMAT');
    const status = cell(r, 'status') || match?.status || 'active';
    if (!(SPACE_STATUSES as readonly string[]).includes(status) || status === 'pending') return err('status', status, 'status must be active, inactive, maintenance or retired', 'INVALID_FORMAT');
    const [latS, lngS] = [cell(r, 'latitude') ?? '', cell(r, 'longitude') ?? ''];
    const [lat, lng] = [latS ? Number(latS) : null, lngS ? Number(lngS) : null];
    if ((lat === null) !== (lng === null) || (lat !== null && !(Math.abs(lat) <= 90 && Math.abs(lng!) <= 180))) return err('latitude', `${latS},${lngS}`, 'latitude -90..90 and longitude -180..180, both or neither', 'INVALID_FORMAT');
    const keys = list(cell(r, 'categories'));
    const unknownKey = keys.find((k) => !found.categories.has(k));
    if (unknownKey) return err('categories', unknownKey, `No category with key ${unknownKey}`, 'REFERENCE_NOT_FOUND');
    const tagNames = list(cell(r, 'tags')).map(normalizeTagName);
    const unknownTag = tagNames.find((n) => !found.tags.has(n));
    if (unknownTag && !options.createMissingTags) return err('tags', unknownTag, `No tag ${unknownTag} (set createMissingTags to create it)`, 'REFERENCE_NOT_FOUND');
    const translations: SpaceTranslations = { ...(options.mergeStrategy === 'replace' ? {} : match?.translations) };
    for (const l of extra) {
      const n = cell(r, `name_${l}`);
      if (n) translations[l] = { name: n, description: cell(r, `description_${l}`) || null };
    }
    const key = match?.id ?? `name:${name.toLowerCase()}`;
    if (seen.has(key)) return void stats.duplicates++;
    seen.add(key);
    if (match && options.mergeStrategy === 'skip') return void stats.skipped++;
    const categoryIds = keys.map((k) => found.categories.get(k)!);
    plans.push({
      id: match?.id ?? null,
      values: { name, description: cell(r, 'description') || null, ...(cell(r, 'language') && { language: cell(r, 'language') }), type, status: status as SpaceStatus, homeLat: lat, homeLng: lng, translations },
      categoryIds: match ? categoryIds : createdCategories(options, categoryIds),
      tags: tagNames,
    });
    if (match) stats.updated++;
    else stats.created++;
  });
  const written = mayWrite(options, errors, plans.length);
  if (written) {
    await inTransaction(ctx, async (tx) => {
      if (stats.created) await Promise.all([assertWithinLimit(tx, 'spaces', { adding: stats.created }), checkDefaultType(tx, 'space', options)]);
      const p = await tx.principal();
      const by = p.kind === 'user' ? p.userId : p.createdBy;
      const creates = plans.filter((x) => !x.id);
      const updates = plans.filter((x) => x.id);
      const newIds = await t.insertMany(tx, creates.map((x) => ({ ...x.values, typeDefinitionId: options.defaultTypeDefinitionId ?? null, createdBy: by })));
      await t.updateMany(tx, updates.map((x) => ({ id: x.id!, ...x.values })));
      // Links set-based, as resources: updated rows' categories replaced, one insert per batch of links.
      const linked = [...creates.map((x, i) => ({ entityId: newIds[i]!, plan: x })), ...updates.map((x) => ({ entityId: x.id!, plan: x }))];
      await unlinkCategoriesOfEntities(tx, 'space', updates.map((x) => x.id!));
      await linkCategoriesMany(tx, 'space', linked.map(({ entityId, plan }) => ({ entityId, categoryIds: plan.categoryIds })));
      await linkTagNamesMany(tx, 'space', linked.map(({ entityId, plan }) => ({ entityId, names: plan.tags })));
    });
    ctx.audit({ action: 'space.import', resourceType: 'space', resourceId: null, details: { ...stats } });
  }
  return { stats, errors, warnings, totalRows: data.length, written };
}

export async function importSpaces(ctx: ServiceContext, input: ImportInput) {
  const o = await importSpacesOutcome(ctx, input);
  return importResult('spaces', input.options, o.totalRows, o.stats, o.errors, o.warnings, o.written);
}
