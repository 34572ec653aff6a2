// The translation rules of categories (catalog/shared/translations.ts: the tenant's languages, never
// the category's base language), and localized reads pick the preferred language, then English,
// then the base name.
import { ApiError } from '../../../lib/errors';
import { assertTranslationLocales, localesOf } from '../shared/translations';
import { LANGUAGE, type Category, type TenantLanguages, type Translations } from './categories.model';

type GivenTranslations = Record<string, { name: string; description?: string | null }>;

/** 400 unless `language` is an ISO 639-1 code (optionally with region); 422 unless the tenant has it. */
export function checkBaseLanguage(langs: TenantLanguages, language: string): void {
  if (!LANGUAGE.test(language)) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: language', { location: 'body', fields: { language: ['Must be an ISO 639-1 code such as `en` or `de-CH`'] } });
  }
  if (!langs.languages.includes(language)) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `${language} is not a language of this tenant (${langs.languages.join(', ')})`, { reason: 'language_not_enabled', language, languages: langs.languages });
  }
}

/** The translations to store, checked against the tenant's languages and the base language. */
export function checkTranslations(langs: TenantLanguages, base: string, given: GivenTranslations): Translations {
  assertTranslationLocales(localesOf(given), base, langs.languages);
  const out: Translations = {};
  for (const [locale, t] of Object.entries(given)) out[locale] = { name: t.name, description: t.description ?? null };
  return out;
}

/** Name and description in `lang`: its translation, else the English one, else the base language's. */
export function localize(c: Pick<Category, 'name' | 'description' | 'language' | 'translations'>, lang: string): { name: string; description: string | null } {
  if (lang === c.language) return { name: c.name, description: c.description };
  const t = c.translations[lang] ?? (c.language === 'en' ? undefined : c.translations.en);
  return t ? { name: t.name, description: t.description ?? c.description } : { name: c.name, description: c.description };
}
