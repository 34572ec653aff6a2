import { z } from '@hono/zod-openapi';
import * as contract from '../../contract/foundation';
import { notFound } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { countryRows, currencyRows, type CurrencyRow } from './cache';
import { fold } from './locale';

const list = contractRoute(contract.getPublicCurrencies, {
  description: 'ISO 4217 currencies ordered by code. `search` matches code and name. Bare array envelope (as in the reference); page with `limit`/`offset`.',
  request: {
    query: z.object({
      search: z.string().max(100).optional().openapi({ description: 'Text to look for in code and name' }),
      ...limitOffsetQuery(500),
    }),
  },
});
const byCountry = contractRoute(contract.getPublicCurrenciesCountryByCountry, {
  description: 'Currencies in use in a country (ISO 3166-1 alpha-2, case-insensitive). Unknown country: 404.',
  request: { params: z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).openapi({ example: 'CH' }) }) },
});
const one = contractRoute(contract.getPublicCurrenciesByCode, {
  description: 'One currency by ISO 4217 code (case-insensitive). Unknown code: 404.',
  request: { params: z.object({ code: z.string().regex(/^[A-Za-z]{3}$/).openapi({ example: 'CHF' }) }) },
});

const shape = (row: CurrencyRow) => ({
  code: row.code,
  name: row.name,
  symbol: row.symbol,
  metadata: row.metadata,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const currencies = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const needle = q.search ? fold(q.search) : undefined;
    const rows = (await currencyRows(c.var.db)).filter(
      (r) => !needle || fold(r.code).includes(needle) || fold(r.name).includes(needle),
    );
    return c.json({ data: rows.slice(q.offset, q.offset + q.limit).map(shape) }, 200);
  })
  .openapi(byCountry, async (c) => {
    const iso = c.req.valid('param').country.toUpperCase();
    const country = (await countryRows(c.var.db)).find((r) => r.isoCode === iso);
    if (!country) throw notFound(`Country ${iso}`);
    const codes = country.currencies ?? [];
    const rows = (await currencyRows(c.var.db)).filter((r) => codes.includes(r.code));
    rows.sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
    return c.json({ data: rows.map(shape) }, 200);
  })
  .openapi(one, async (c) => {
    const code = c.req.valid('param').code.toUpperCase();
    const row = (await currencyRows(c.var.db)).find((r) => r.code === code);
    if (!row) throw notFound(`Currency ${code}`);
    return c.json({ data: shape(row) }, 200);
  });
