// Countries (list, regions, one): the contract routes and their parameters. Public, no tenant.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/foundation';
import { contractRoute } from '../../../../http/route';
import { limitOffsetQuery } from '../../../../lib/pagination';
import { DEFAULT_PRIORITY } from './countries.model';

const isoParam = z.string().regex(/^[A-Za-z]{2}$/).openapi({ description: 'ISO 3166-1 alpha-2 code (case-insensitive)', example: 'CH' });

const languageQuery = {
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional()
    .openapi({ description: 'Language of localized names (BCP 47, e.g. `de`, `fr-CH`). Default: Accept-Language, else `en`.' }),
};

export const listQuery = z.object({
  search: z.string().max(100).optional().openapi({ description: 'Text to look for in codes and names' }),
  region: z.string().max(50).optional().openapi({ description: 'Region filter (see /countries/regions), e.g. `Europe`' }),
  priority: z.string().max(200).optional().openapi({ description: `Comma-separated ISO codes listed first. Default \`${DEFAULT_PRIORITY}\`; empty string for none.` }),
  ...languageQuery,
  ...limitOffsetQuery(500),
});

export const list = contractRoute(contract.getPublicCountries, {
  description:
    'All countries, localized. Priority countries come first in the order given, then the rest ' +
    'sorted alphabetically by localized name. `search` matches ISO codes and English, local and ' +
    'localized names (case- and accent-insensitive). No tenant isolation.',
  request: { query: listQuery },
});
export const regions = contractRoute(contract.getPublicCountriesRegions);
export const one = contractRoute(contract.getPublicCountriesByIsoCode, {
  request: { params: z.object({ isoCode: isoParam }), query: z.object(languageQuery) },
});
