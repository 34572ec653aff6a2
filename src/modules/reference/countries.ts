import { z } from '@hono/zod-openapi';
import * as contract from '../../contract/foundation';
import { notFound } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { countryRows, type CountryRow } from './cache';
import { fold, languageQuery, pickLanguage, regionName } from './locale';

const DEFAULT_PRIORITY = 'CH,DE,AT,FR,IT,LI';
const isoParam = z.string().regex(/^[A-Za-z]{2}$/).openapi({ description: 'ISO 3166-1 alpha-2 code (case-insensitive)', example: 'CH' });

const list = contractRoute(contract.getPublicCountries, {
  description:
    'All countries, localized. Priority countries come first in the order given, then the rest ' +
    'sorted alphabetically by localized name. `search` matches ISO codes and English, local and ' +
    'localized names (case- and accent-insensitive). No tenant isolation.',
  request: {
    query: z.object({
      search: z.string().max(100).optional().openapi({ description: 'Text to look for in codes and names' }),
      region: z.string().max(50).optional().openapi({ description: 'Region filter (see /countries/regions), e.g. `Europe`' }),
      priority: z.string().max(200).optional().openapi({ description: `Comma-separated ISO codes listed first. Default \`${DEFAULT_PRIORITY}\`; empty string for none.` }),
      ...languageQuery,
      ...limitOffsetQuery(500),
    }),
  },
});
const regions = contractRoute(contract.getPublicCountriesRegions);
const one = contractRoute(contract.getPublicCountriesByIsoCode, {
  request: { params: z.object({ isoCode: isoParam }), query: z.object(languageQuery) },
});

const localized = (row: CountryRow, lang: string) => row.nameLocal[lang] ?? regionName(row.isoCode, lang) ?? row.nameAscii;

export const countries = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const lang = pickLanguage(c, q.language);
    const rows = await countryRows(c.var.db);
    const needle = q.search ? fold(q.search) : undefined;
    const region = q.region ? fold(q.region) : undefined;
    const matches = rows
      .map((row) => ({ row, name: localized(row, lang) }))
      .filter(({ row, name }) => {
        if (region && fold(row.metadata.region) !== region) return false;
        if (!needle) return true;
        const haystack = [row.isoCode, row.cca3 ?? '', row.nameAscii, name, ...Object.values(row.nameLocal)];
        return haystack.some((h) => fold(h).includes(needle));
      });
    const priority = (q.priority ?? DEFAULT_PRIORITY).toUpperCase().split(',').map((s) => s.trim()).filter(Boolean);
    const rank = (iso: string) => {
      const i = priority.indexOf(iso);
      return i === -1 ? priority.length : i;
    };
    const collator = new Intl.Collator(lang);
    matches.sort((a, b) => rank(a.row.isoCode) - rank(b.row.isoCode) || collator.compare(a.name, b.name));
    const pageRows = matches.slice(q.offset, q.offset + q.limit);
    return c.json(
      {
        data: {
          countries: pageRows.map(({ row, name }) => ({
            iso_code: row.isoCode,
            cca3: row.cca3,
            name_ascii: row.nameAscii,
            name_local: row.nameLocal,
            flag_url: row.flagUrl,
            currencies: row.currencies,
            phone_code: row.phoneCode,
            metadata: {
              region: row.metadata.region,
              ...(row.metadata.calling_code && { calling_code: row.metadata.calling_code }),
              ...(row.metadata.currency_code && { currency_code: row.metadata.currency_code }),
              ...(row.metadata.capital && { capital: row.metadata.capital }),
            },
            created_at: row.createdAt.toISOString(),
            updated_at: row.updatedAt.toISOString(),
            name,
          })),
          total: matches.length,
          limit: q.limit,
          offset: q.offset,
        },
      },
      200,
    );
  })
  .openapi(regions, async (c) => {
    const rows = await countryRows(c.var.db);
    const all = [...new Set(rows.map((r) => r.metadata.region))].sort();
    return c.json({ data: { regions: all } }, 200);
  })
  .openapi(one, async (c) => {
    const iso = c.req.valid('param').isoCode.toUpperCase();
    const lang = pickLanguage(c, c.req.valid('query').language);
    const row = (await countryRows(c.var.db)).find((r) => r.isoCode === iso);
    if (!row) throw notFound(`Country ${iso}`);
    return c.json(
      {
        data: {
          iso_code: row.isoCode,
          name_ascii: row.nameAscii,
          name_local: row.nameLocal,
          flag_url: row.flagUrl,
          metadata: row.metadata,
          created_at: row.createdAt.toISOString(),
          updated_at: row.updatedAt.toISOString(),
          name: localized(row, lang),
        },
      },
      200,
    );
  });
