// Info tags: contextual help snippets. System-wide tags come from the seed (tenant_id null); a
// tenant's tag with the same key shadows the system one for that tenant. Keys are immutable; a
// deleted tag is kept (soft) and frees its key. The public routes serve system tags only, from an
// isolate cache: a warm lookup touches no database.
import type { BaseContext, ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { requireSomeChange } from '../../../lib/validation';
import { TtlCache } from '../../../lib/ttl-cache';
import type { InfoTagFilter, InfoTagInput, InfoTagPatch, InfoTagRow, InfoTagTranslations } from './info-tags.model';
import * as q from './info-tags.queries';
import { assertTranslationLocales, localesOf } from '../shared/translations';

// ---- tenant routes ---------------------------------------------------------------------------

export const listTags = (ctx: ServiceContext, f: InfoTagFilter) => q.listVisible(ctx, f);

export async function getTag(ctx: ServiceContext, id: string): Promise<InfoTagRow> {
  const row = await q.findVisible(ctx, id);
  if (!row) throw notFound('Info tag');
  return row;
}

/**
 * Translations name the tenant's other languages (`de`, or `de-CH` for a regional variant), never
 * its base language, which the tag's own title and description are in (422 otherwise).
 */
async function checkTranslations(ctx: ServiceContext, translations: InfoTagTranslations | undefined): Promise<InfoTagTranslations | undefined> {
  if (translations === undefined) return undefined;
  const locales = Object.keys(translations);
  if (locales.length === 0) return {};
  const { base, others } = await q.tenantLanguages(ctx);
  assertTranslationLocales(localesOf(translations), base, [base, ...others]);
  // An entry with neither field says nothing: not stored.
  return Object.fromEntries(Object.entries(translations).filter(([, t]) => t.title !== undefined || t.description !== undefined));
}

export async function createTag(ctx: ServiceContext, createdBy: string | null, body: InfoTagInput): Promise<InfoTagRow> {
  const translations = await checkTranslations(ctx, body.translations_i18n);
  const row = await q.insertTag(ctx, { key: body.key, title: body.title, description: body.description, examples: body.examples ?? [], translations: translations ?? {}, createdBy });
  if (!row) throw new ApiError('CONFLICT', `An info tag with key ${body.key} already exists in this tenant`, { reason: 'INFO_TAG_KEY_EXISTS', key: body.key });
  ctx.audit({ action: 'info_tag.create', resourceType: 'info_tag', resourceId: row.id, details: { key: row.key } });
  return row;
}

/** 404 for another tenant's (or no) tag; 403 for a system tag, which tenants shadow instead of change. */
async function missing(ctx: ServiceContext, id: string): Promise<never> {
  if (await q.isSystemTag(ctx, id)) {
    throw new ApiError('FORBIDDEN', 'System-wide info tags are read-only: create a tag with the same key to override it', { reason: 'SYSTEM_TAG_READ_ONLY' });
  }
  throw notFound('Info tag');
}

export async function updateTag(ctx: ServiceContext, id: string, body: InfoTagPatch): Promise<InfoTagRow> {
  requireSomeChange(body);
  const translations = await checkTranslations(ctx, body.translations_i18n);
  const set = { title: body.title, description: body.description, examples: body.examples, translations };
  const row = (await q.updateTag(ctx, id, set)) ?? (await missing(ctx, id));
  ctx.audit({ action: 'info_tag.update', resourceType: 'info_tag', resourceId: id, details: { key: row.key, fields: Object.keys(body) } });
  return row;
}

export async function deleteTag(ctx: ServiceContext, deletedBy: string | null, id: string): Promise<void> {
  if (!(await q.softDelete(ctx, id, deletedBy))) await missing(ctx, id);
  ctx.audit({ action: 'info_tag.delete', resourceType: 'info_tag', resourceId: id });
}

// ---- public routes: system tags through the isolate cache ------------------------------------

/** System tags change only with the seed; a minute of staleness is the bound. Negative answers are cached too. */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_KEYS = 2_000;
const cache = new TtlCache<string, InfoTagRow | null>(CACHE_MAX_KEYS, CACHE_TTL_MS);

/** For tests and the seed's callers in the same isolate. */
export const clearPublicInfoTagCache = () => cache.clear();

/** System tags among `keys`, in the order asked (unknown keys left out); misses are one query. */
export async function publicTags(ctx: BaseContext, keys: readonly string[]): Promise<InfoTagRow[]> {
  const wanted = [...new Set(keys)];
  const found = new Map<string, InfoTagRow | null>();
  const misses: string[] = [];
  for (const key of wanted) {
    const hit = cache.get(key);
    if (hit) found.set(key, hit.value);
    else misses.push(key);
  }
  if (misses.length) {
    const rows = new Map((await q.systemTagsByKeys(ctx, misses)).map((r) => [r.key, r]));
    for (const key of misses) {
      const row = rows.get(key) ?? null;
      cache.set(key, row);
      found.set(key, row);
    }
  }
  return wanted.map((k) => found.get(k)).filter((r): r is InfoTagRow => !!r);
}

export async function publicTag(ctx: BaseContext, key: string): Promise<InfoTagRow> {
  const [row] = await publicTags(ctx, [key]);
  if (!row) throw notFound(`Info tag ${key}`);
  return row;
}
