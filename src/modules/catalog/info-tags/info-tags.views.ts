// Info tags in the reference's shape; public reads can ask for one locale's title and description.
import type { InfoTagRow } from './info-tags.model';

/** The translation for `locale`: the exact locale, else its language (`de-CH` → `de`). */
function translationFor(row: InfoTagRow, locale: string | undefined) {
  if (!locale) return undefined;
  return row.translations[locale] ?? row.translations[locale.split('-')[0]!];
}

/** With `locale`, title and description are that locale's where translated (the base text otherwise). */
export function toInfoTag(row: InfoTagRow, locale?: string) {
  const t = translationFor(row, locale);
  return {
    id: row.id,
    tenantId: row.tenantId,
    key: row.key,
    title: t?.title ?? row.title,
    description: t?.description ?? row.description,
    examples: row.examples,
    translations_i18n: row.translations,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The locale a public caller asked for: `locale`, else the first of Accept-Language. */
export function requestedLocale(locale: string | undefined, acceptLanguage: string | undefined): string | undefined {
  if (locale) return locale;
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  if (!first || first === '*') return undefined;
  const [lang, region] = first.split('-');
  return region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase();
}
