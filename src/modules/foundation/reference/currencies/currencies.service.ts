// ISO 4217 currencies: search by code and name, the currencies of a country, one by code.
import type { BaseContext } from '../../../../context';
import { notFound } from '../../../../lib/errors';
import { findCountry } from '../countries';
import { fold } from '../locale';
import type { CurrencyRow } from './currencies.model';
import { currencyRows } from './currencies.queries';

export async function listCurrencies(ctx: BaseContext, f: { search?: string; limit: number; offset: number }): Promise<CurrencyRow[]> {
  const needle = f.search ? fold(f.search) : undefined;
  const rows = (await currencyRows(ctx)).filter((r) => !needle || fold(r.code).includes(needle) || fold(r.name).includes(needle));
  return rows.slice(f.offset, f.offset + f.limit);
}

/** The currencies of country `iso` (upper case) in the country's order; 404 for an unknown country. */
export async function currenciesOfCountry(ctx: BaseContext, iso: string): Promise<CurrencyRow[]> {
  const country = await findCountry(ctx, iso);
  const codes = country.currencies ?? [];
  const rows = (await currencyRows(ctx)).filter((r) => codes.includes(r.code));
  rows.sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
  return rows;
}

export async function getCurrency(ctx: BaseContext, code: string): Promise<CurrencyRow> {
  const row = (await currencyRows(ctx)).find((r) => r.code === code);
  if (!row) throw notFound(`Currency ${code}`);
  return row;
}
