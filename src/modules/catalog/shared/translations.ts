// The one translation rule of every translatable entity (categories, tags, info tags; directory
// entities follow it too): a translation is keyed by a language code (`de`, or `de-CH` for a
// regional variant), in one of the tenant's languages, and never in the entity's base language,
// whose text is the entity's own name and description. A regional variant of the base language
// (`de-CH` when the base is `de`) repeats it too. Clients tell the cases apart by `details.reason`.
import { ApiError } from '../../../lib/errors';

/** An ISO 639-1 language code, optionally with an ISO 3166 region. */
export const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

const language = (locale: string) => locale.split('-')[0]!;

/**
 * Checks the locales of a translation map. `entries` pairs each locale with the field clients see
 * it under (`translations_i18n.de`, `translations.0.locale`). `languages` are the tenant's (base
 * first); with none given only the format and the base language are checked.
 * 400 VALIDATION_ERROR for a malformed code, else 422 `translation_is_base_language`, else 422
 * `language_not_enabled`, each naming every offending field.
 */
export function assertTranslationLocales(entries: readonly (readonly [locale: string, field: string])[], base: string, languages?: readonly string[]): void {
  const malformed: Record<string, string[]> = {};
  const repeatsBase: Record<string, string[]> = {};
  const notEnabled: Record<string, string[]> = {};
  const enabled = languages && new Set(languages.flatMap((l) => [l, language(l)]));
  for (const [locale, field] of entries) {
    if (!LOCALE.test(locale)) malformed[field] = ['A language code such as de or de-CH'];
    else if (language(locale) === language(base)) repeatsBase[field] = [`${locale} is the base language (${base}): it is the entity's own name and description`];
    else if (enabled && !enabled.has(locale) && !enabled.has(language(locale))) notEnabled[field] = [`${locale} is not one of the tenant's languages (${languages!.join(', ')})`];
  }
  if (Object.keys(malformed).length) throw new ApiError('VALIDATION_ERROR', `Invalid translations: ${Object.keys(malformed).join(', ')}`, { location: 'body', fields: malformed });
  if (Object.keys(repeatsBase).length) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `Translations never include the base language ${base}: set the entity's own name and description instead`, {
      reason: 'translation_is_base_language',
      fields: repeatsBase,
    });
  }
  if (Object.keys(notEnabled).length) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `Not a language of this tenant: ${Object.keys(notEnabled).join(', ')}`, { reason: 'language_not_enabled', languages, fields: notEnabled });
  }
}

/** The entries of a translation map keyed by locale, under `field` (`translations_i18n`). */
export const localesOf = (translations: object, field = 'translations_i18n') => Object.keys(translations).map((l) => [l, `${field}.${l}`] as const);
