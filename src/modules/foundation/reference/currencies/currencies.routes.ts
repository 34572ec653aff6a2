// Currencies (list, by country, one): the contract routes and their parameters. Public, no tenant.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/foundation';
import { contractRoute } from '../../../../http/route';
import { limitOffsetQuery } from '../../../../lib/pagination';

export const list = contractRoute(contract.getPublicCurrencies, {
  description: 'ISO 4217 currencies ordered by code. `search` matches code and name. Bare array envelope (as in the reference); page with `limit`/`offset`.',
  request: {
    query: z.object({
      search: z.string().max(100).optional().openapi({ description: 'Text to look for in code and name' }),
      ...limitOffsetQuery(500),
    }),
  },
});
export const byCountry = contractRoute(contract.getPublicCurrenciesCountryByCountry, {
  description: 'Currencies in use in a country (ISO 3166-1 alpha-2, case-insensitive). Unknown country: 404.',
  request: { params: z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).openapi({ example: 'CH' }) }) },
});
export const one = contractRoute(contract.getPublicCurrenciesByCode, {
  description: 'One currency by ISO 4217 code (case-insensitive). Unknown code: 404.',
  request: { params: z.object({ code: z.string().regex(/^[A-Za-z]{3}$/).openapi({ example: 'CHF' }) }) },
});
