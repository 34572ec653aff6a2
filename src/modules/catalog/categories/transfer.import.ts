// Category import: every row is checked against the tenant's categories and the rest of the file
// (rows may come in any order: parents are resolved by key within the file first), levels and
// cycles are checked on the tree the import would leave, then everything is written set-based in
// one transaction. A dry run computes the same plan and writes nothing.
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { mayWrite, readSheet } from '../../../lib/transfer/imports';
import { UUID, type ImportInput, type ImportStats, type RowError } from '../../../lib/transfer/model';
import type { ImportOutcome } from '../transfer/transfer.registry';
import { LANGUAGE, type Category } from './categories.model';
import { allCategories, lockTree, tenantLanguages } from './categories.queries';
import { resolveTree, type PlannedRow } from './transfer.tree';
import { BASE_COLUMNS, EXAMPLE_DESCRIPTION, translationColumns } from './transfer.export';
import * as w from './transfer.queries';

const KEY = /^[a-z0-9-]{1,100}$/;

export async function importCategories(ctx: ServiceContext, { rows, options }: ImportInput): Promise<ImportOutcome> {
  // The tree is locked before it is read: the plan holds until the transaction ends.
  await lockTree(ctx);
  const [existing, langs] = await Promise.all([allCategories(ctx), tenantLanguages(ctx)]);
  const { data, cell, warnings } = readSheet(rows, 'key', [...BASE_COLUMNS, ...translationColumns(langs)]);
  const byId = new Map(existing.map((c) => [c.id, c]));
  const byKey = new Map(existing.map((c) => [c.key, c]));
  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const seen = new Map<string, number>();
  const planned: PlannedRow[] = [];
  const replace = options.mergeStrategy === 'replace';

  data.forEach((r, i) => {
    const row = i + 2;
    const key = cell(r, 'key') ?? '';
    const id = cell(r, 'id') || null;
    const identifier = key || id || `row ${row}`;
    const fail = (column: string, value: string, message: string, code: RowError['code']) => void errors.push({ row, column, value: value.slice(0, 100), identifier, message, code });
    if (!id && key === 'example-category' && cell(r, 'description') === EXAMPLE_DESCRIPTION) return; // the export's example row
    if (!key) return fail('key', '', 'key is required', 'REQUIRED_FIELD');
    if (!KEY.test(key)) return fail('key', key, 'key must be 1-100 characters of a-z, 0-9 and -', 'INVALID_FORMAT');
    if (id && !UUID.test(id)) return fail('id', id, 'id must be a UUID (or empty to create)', 'INVALID_UUID');
    const match = id ? byId.get(id.toLowerCase()) : byKey.get(key);
    if (id && !match) return fail('id', id, 'No category with this id in this tenant', 'REFERENCE_NOT_FOUND');
    const first = seen.get(`key:${key}`) ?? (match ? seen.get(match.id) : undefined);
    if (first) {
      stats.duplicates++;
      warnings.push(`Row ${row} repeats row ${first} (${identifier}): skipped`);
      return;
    }
    seen.set(`key:${key}`, row);
    if (match) seen.set(match.id, row);
    if (match && options.mergeStrategy === 'skip') return void stats.skipped++;

    const text = (col: string, keep: string | null | undefined): string | null => {
      const v = cell(r, col);
      if (v === undefined) return keep ?? null; // no such column: unchanged
      if (v === '') return replace || !match ? null : (keep ?? null);
      return v;
    };
    const name = text('name', match?.name);
    if (!name) return fail('name', '', 'name is required', 'REQUIRED_FIELD');
    if (name.length > 200) return fail('name', name, 'name is longer than 200 characters', 'VALIDATION_ERROR');
    const description = text('description', match?.description);
    if (description && description.length > 2000) return fail('description', description, 'description is longer than 2000 characters', 'VALIDATION_ERROR');
    const filterId = text('filter_id', match?.filterId);
    if (filterId && filterId.length > 100) return fail('filter_id', filterId, 'filter_id is longer than 100 characters', 'VALIDATION_ERROR');
    const language = text('language', match?.language) ?? langs.defaultLanguage;
    if (!LANGUAGE.test(language) || !langs.languages.includes(language)) {
      return fail('language', language, `language must be one of the tenant's languages (${langs.languages.join(', ')})`, 'VALIDATION_ERROR');
    }
    const parentCell = cell(r, 'parent_key');
    const parentKey = parentCell === undefined || (parentCell === '' && match && !replace) ? parentKeyOf(match, byId) : parentCell || null;
    if (parentKey === key) return fail('parent_key', parentKey, 'A category cannot be its own parent', 'VALIDATION_ERROR');

    const translations = new Map(Object.entries(match?.translations ?? {}).map(([l, t]) => [l, { ...t }]));
    const upserts: w.TranslationValues[] = [];
    const deletes: string[] = [];
    for (const l of langs.languages) {
      const n = cell(r, `name_${l}`);
      const d = cell(r, `description_${l}`);
      if (n === undefined && d === undefined) continue;
      const had = translations.get(l);
      if (!n && !d) {
        if (had && replace) {
          translations.delete(l);
          deletes.push(l);
        }
        continue;
      }
      if (l === language) return fail(`name_${l}`, n || d || '', `Translations must not include the base language ${l}: use name and description`, 'VALIDATION_ERROR');
      const tName = n || (replace ? '' : had?.name);
      if (!tName) return fail(`name_${l}`, '', `name_${l} is required with description_${l}`, 'REQUIRED_FIELD');
      if (tName.length > 200) return fail(`name_${l}`, tName, `name_${l} is longer than 200 characters`, 'VALIDATION_ERROR');
      const tDesc = d || (replace ? null : (had?.description ?? null));
      if (tDesc && tDesc.length > 2000) return fail(`description_${l}`, tDesc, `description_${l} is longer than 2000 characters`, 'VALIDATION_ERROR');
      translations.set(l, { name: tName, description: tDesc });
      upserts.push({ category_id: '', locale: l, name: tName, description: tDesc });
    }
    if (translations.has(language)) {
      return fail('language', language, `The category has a ${language} translation: clear name_${language} to make it the base language`, 'VALIDATION_ERROR');
    }
    planned.push({
      row,
      identifier,
      id: match?.id ?? crypto.randomUUID(),
      isNew: !match,
      parentKey,
      values: { key, name, description, filter_id: filterId, language },
      upserts,
      deletes,
    });
  });

  // Parents, keys, cycles and levels on the tree the import would leave (more row errors).
  const plan = resolveTree(existing, planned, errors);
  for (const p of plan) {
    if (p.isNew) stats.created++;
    else stats.updated++;
  }
  errors.sort((a, b) => a.row - b.row);

  const written = mayWrite(options, errors, plan.length);
  if (written) {
    const p = await ctx.principal();
    await inTransaction(ctx, async (tx) => {
      await w.deferKeyCheck(tx);
      const values = (x: (typeof plan)[number]) => ({ id: x.id, parent_id: x.parentId, level: x.level, ...x.values });
      await w.insertCategories(tx, plan.filter((x) => x.isNew).sort((a, b) => a.level - b.level).map(values), p.kind === 'user' ? p.userId : null);
      await w.updateCategories(tx, plan.filter((x) => !x.isNew).map(values));
      await w.deleteTranslations(tx, plan.flatMap((x) => x.deletes.map((locale) => ({ category_id: x.id, locale }))));
      await w.upsertTranslations(tx, plan.flatMap((x) => x.upserts.map((u) => ({ ...u, category_id: x.id }))));
      if (plan.some((x) => !x.isNew)) await w.recomputeLevels(tx);
    });
    ctx.audit({ action: 'category.import', resourceType: 'category', resourceId: null, details: { ...stats, rows: data.length } });
  }
  return { stats, errors, warnings, totalRows: data.length, written };
}

function parentKeyOf(c: Category | undefined, byId: Map<string, Category>): string | null {
  return c?.parentId ? (byId.get(c.parentId)?.key ?? null) : null;
}
