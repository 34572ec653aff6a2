// Export and import of the tenant's tags (CSV, TSV, XLSX through lib/transfer). The same
// implementation serves `/taxonomy/tags/export|import` and the generic `/export|import/tags`
// (registered in index.ts). Rows are checked against the tenant's tags and each other first; then
// everything is written in one transaction, set-based.
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { importResult, mayWrite, readSheet } from '../../../lib/transfer/imports';
import { UUID, type ImportInput, type ImportStats, type RowError } from '../../../lib/transfer/model';
import type { ExportTable, ImportOutcome } from '../transfer/transfer.registry';
import { ownerOf } from './tags.links';
import { displaySpelling, MAX_TAG_NAME, normalizeTagName, type TagRow, type TagTranslations } from './tags.model';
import * as t from './tags.transfer.queries';
import { tenantLanguages } from '../shared/languages';

const BASE_COLUMNS = ['id', 'name', 'normalized_name', 'language', 'persistent', 'usage_count', 'owner_type', 'owner_id'];
const DESCRIPTIONS: Record<string, string> = {
  id: 'Tag id: empty creates a tag, an id updates that tag',
  name: 'Display name (required); tags are matched by its normalized form',
  normalized_name: 'Normalized name (read only)',
  persistent: 'true keeps the tag without links (curated); default true for imported tags',
  usage_count: 'Links to entities (read only)',
};

/** Translation locales: the tenant's languages other than its base language. */
async function locales(ctx: ServiceContext) {
  const langs = await tenantLanguages(ctx);
  return langs.additional.filter((l) => l !== langs.base);
}

export async function exportTags(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<ExportTable> {
  const [{ rows, total }, extra] = await Promise.all([t.exportPage(ctx, page.limit, page.offset), locales(ctx)]);
  const header = [...BASE_COLUMNS, ...extra.map((l) => `name_${l}`), 'created_at', 'updated_at'];
  const line = (r: TagRow) => [
    r.id, r.displayName, r.name, r.language, String(r.persistent), String(r.usageCount), r.ownerType, r.ownerId,
    ...extra.map((l) => r.translations[l]?.name ?? null), r.createdAt.toISOString(), r.updatedAt.toISOString(),
  ];
  const example = ['', 'Meeting room', 'meeting room', '', 'true', '', '', '', ...extra.map(() => ''), '', ''];
  return { header, descriptions: { ...DESCRIPTIONS, ...Object.fromEntries(extra.map((l) => [`name_${l}`, `Display name in ${l}`])) }, rows: rows.map(line), total, example };
}

const BOOL: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };
const bad = (s: string) => /[\p{Cc}\p{Cf}]/u.test(s);

export async function importTagsOutcome(ctx: ServiceContext, { rows, options }: ImportInput): Promise<ImportOutcome> {
  const extra = await locales(ctx);
  const { data, cell, warnings } = readSheet(rows, 'name', [...BASE_COLUMNS, ...extra.map((l) => `name_${l}`), 'created_at', 'updated_at']);
  const isExample = (r: string[]) => !cell(r, 'id') && cell(r, 'name') === 'Meeting room' && cell(r, 'normalized_name') === 'meeting room' && !cell(r, 'usage_count');
  const ids = data.map((r) => cell(r, 'id') ?? '').filter((v) => UUID.test(v));
  const names = data.map((r) => normalizeTagName(cell(r, 'name') ?? '')).filter(Boolean);
  const existing = await t.tagsMatching(ctx, ids, names);
  const byId = new Map(existing.map((x) => [x.id, x]));
  const byName = new Map(existing.map((x) => [x.name, x]));
  const taken = new Map(existing.map((x) => [x.name, x.id]));

  const errors: RowError[] = [];
  const stats: ImportStats = { created: 0, updated: 0, skipped: 0, duplicates: 0 };
  const seen = new Map<string, number>();
  const inserts: t.NewTag[] = [];
  const updates: t.TagUpdate[] = [];
  data.forEach((r, i) => {
    const row = i + 2;
    if (isExample(r)) return;
    const display = displaySpelling(cell(r, 'name') ?? '');
    const id = cell(r, 'id') || null;
    const identifier = display || id || `row ${row}`;
    const err = (column: string, value: string, message: string, code: RowError['code']) => void errors.push({ row, column, value: value.slice(0, 100), identifier, message, code });
    if (!display) return err('name', '', 'name is required', 'REQUIRED_FIELD');
    if (display.length > MAX_TAG_NAME || bad(display)) return err('name', display, `name must be 1..${MAX_TAG_NAME} visible characters`, 'VALIDATION_ERROR');
    if (id && !UUID.test(id)) return err('id', id, 'id must be a UUID (or empty to create)', 'INVALID_UUID');
    const match = id ? byId.get(id) : byName.get(normalizeTagName(display));
    if (id && !match) return err('id', id, 'No tag with this id in this tenant', 'REFERENCE_NOT_FOUND');
    const pCell = (cell(r, 'persistent') ?? '').toLowerCase();
    if (pCell && BOOL[pCell] === undefined) return err('persistent', pCell, 'persistent must be true or false', 'INVALID_FORMAT');
    const trans: TagTranslations = {};
    const cleared: string[] = [];
    for (const l of extra) {
      const v = cell(r, `name_${l}`);
      if (v === undefined) continue;
      const s = displaySpelling(v);
      if (s.length > 200 || bad(s)) return err(`name_${l}`, s, 'A translation must be 1..200 visible characters', 'VALIDATION_ERROR');
      if (s) trans[l] = { name: s };
      else cleared.push(l);
    }
    const name = normalizeTagName(display);
    const key = match?.id ?? name;
    const first = seen.get(key) ?? seen.get(`name:${name}`);
    if (first) {
      stats.duplicates++;
      return void warnings.push(`Row ${row} repeats row ${first} (${identifier}): skipped`);
    }
    seen.set(key, row);
    seen.set(`name:${name}`, row);
    if (!match) {
      if (taken.has(name)) return err('name', display, 'Another tag already has this name', 'DUPLICATE_ENTRY');
      taken.set(name, 'new');
      inserts.push({ name, displayName: display, persistent: pCell ? BOOL[pCell]! : true, translations: trans });
      return void stats.created++;
    }
    if (options.mergeStrategy === 'skip') return void stats.skipped++;
    const owner = taken.get(name);
    if (owner && owner !== match.id) return err('name', display, 'Another tag already has this name', 'DUPLICATE_ENTRY');
    taken.delete(match.name);
    taken.set(name, match.id);
    const translations = { ...match.translations, ...trans };
    if (options.mergeStrategy === 'replace') for (const l of cleared) delete translations[l];
    updates.push({ id: match.id, name, displayName: display, persistent: pCell ? BOOL[pCell]! : match.persistent, translations });
    stats.updated++;
  });
  errors.sort((a, b) => a.row - b.row);

  const written = mayWrite(options, errors, inserts.length + updates.length);
  if (written) {
    const owner = ownerOf(await ctx.principal());
    await inTransaction(ctx, async (tx) => {
      await t.updateTags(tx, updates);
      const created = await t.insertTags(tx, inserts, owner.id);
      // A name created meanwhile by a link: that tag stays as it is.
      if (created < inserts.length) warnings.push(`${inserts.length - created} tags were created meanwhile and were left as they are`);
    });
    ctx.audit({ action: 'tag.import', resourceType: 'tag', resourceId: null, details: { ...stats } });
  }
  return { stats, errors, warnings, totalRows: data.length, written };
}

export async function importTags(ctx: ServiceContext, input: ImportInput) {
  const o = await importTagsOutcome(ctx, input);
  return importResult('tags', input.options, o.totalRows, o.stats, o.errors, o.warnings, o.written);
}
