// Countries: localized names, search over codes and every name, priority countries first.
import type { BaseContext } from '../../../../context';
import { notFound } from '../../../../lib/errors';
import { fold, regionName } from '../locale';
import { DEFAULT_PRIORITY, type CountryFilter, type CountryRow, type LocalizedCountry } from './countries.model';
import { countryRows } from './countries.queries';

const localized = (row: CountryRow, lang: string) => row.nameLocal[lang] ?? regionName(row.isoCode, lang) ?? row.nameAscii;

/** A page of matching countries: priority ones in the order given, then by localized name. */
export async function listCountries(ctx: BaseContext, f: CountryFilter, lang: string): Promise<{ page: LocalizedCountry[]; total: number }> {
  const rows = await countryRows(ctx);
  const needle = f.search ? fold(f.search) : undefined;
  const region = f.region ? fold(f.region) : undefined;
  const matches = rows
    .map((row) => ({ row, name: localized(row, lang) }))
    .filter(({ row, name }) => {
      if (region && fold(row.metadata.region) !== region) return false;
      if (!needle) return true;
      const haystack = [row.isoCode, row.cca3 ?? '', row.nameAscii, name, ...Object.values(row.nameLocal)];
      return haystack.some((h) => fold(h).includes(needle));
    });
  const priority = (f.priority ?? DEFAULT_PRIORITY).toUpperCase().split(',').map((s) => s.trim()).filter(Boolean);
  const rank = (iso: string) => {
    const i = priority.indexOf(iso);
    return i === -1 ? priority.length : i;
  };
  const collator = new Intl.Collator(lang);
  matches.sort((a, b) => rank(a.row.isoCode) - rank(b.row.isoCode) || collator.compare(a.name, b.name));
  return { page: matches.slice(f.offset, f.offset + f.limit), total: matches.length };
}

export async function regions(ctx: BaseContext): Promise<string[]> {
  const rows = await countryRows(ctx);
  return [...new Set(rows.map((r) => r.metadata.region))].sort();
}

/** The country with ISO code `iso` (upper case), or 404. Currencies and languages look countries up here. */
export async function findCountry(ctx: BaseContext, iso: string): Promise<CountryRow> {
  const row = (await countryRows(ctx)).find((r) => r.isoCode === iso);
  if (!row) throw notFound(`Country ${iso}`);
  return row;
}

export async function getCountry(ctx: BaseContext, iso: string, lang: string): Promise<LocalizedCountry> {
  const row = await findCountry(ctx, iso);
  return { row, name: localized(row, lang) };
}
