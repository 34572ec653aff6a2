// Languages: priority languages first (the defaults, or a country's languages and English), search
// over codes and names, one by any ISO 639 code.
import type { BaseContext } from '../../../../context';
import { notFound } from '../../../../lib/errors';
import { findCountry } from '../countries';
import { fold } from '../locale';
import type { LanguageRow } from './languages.model';
import { languageRows } from './languages.queries';

const DEFAULT_PRIORITY = ['de', 'fr', 'it', 'es'];

export async function listLanguages(
  ctx: BaseContext,
  f: { search?: string; countryCode?: string; limit: number; offset: number },
): Promise<{ page: LanguageRow[]; total: number }> {
  let priority = DEFAULT_PRIORITY;
  if (f.countryCode) {
    const country = await findCountry(ctx, f.countryCode.toUpperCase());
    priority = [...new Set([...country.metadata.languages, 'en'])];
  }
  const needle = f.search ? fold(f.search) : undefined;
  const rows = (await languageRows(ctx)).filter(
    (r) => !needle || [r.isoCode1, r.isoCode2 ?? '', r.isoCode3 ?? '', r.nameEnglish, r.nameLocal].some((h) => fold(h).includes(needle)),
  );
  const rank = (code: string) => {
    const i = priority.indexOf(code);
    return i === -1 ? priority.length : i;
  };
  rows.sort((a, b) => rank(a.isoCode1) - rank(b.isoCode1) || a.nameEnglish.localeCompare(b.nameEnglish, 'en'));
  return { page: rows.slice(f.offset, f.offset + f.limit), total: rows.length };
}

/** By ISO 639-1, 639-2 (B or T form) or 639-3 code (lower case); 404 when unknown. */
export async function getLanguage(ctx: BaseContext, code: string): Promise<LanguageRow> {
  const row = (await languageRows(ctx)).find((r) => r.isoCode1 === code || r.isoCode2 === code || r.isoCode3 === code || r.metadata.iso_code_2b === code);
  if (!row) throw notFound(`Language ${code}`);
  return row;
}
