import { z } from '@hono/zod-openapi';
import * as contract from '../../contract/foundation';
import { notFound } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { countryRows, languageRows, type LanguageRow } from './cache';
import { fold } from './locale';

const DEFAULT_PRIORITY = ['de', 'fr', 'it', 'es'];

const list = contractRoute(contract.getPublicLanguages, {
  description:
    'Languages with an ISO 639-1 code. Priority languages come first: by default de, fr, it, es; ' +
    'with `countryCode` the languages of that country (any ISO 3166-1 country) followed by en. ' +
    'The rest follow sorted by English name. `search` matches codes, English and native names.',
  request: {
    query: z.object({
      search: z.string().max(100).optional().openapi({ description: 'Text to look for in codes and names' }),
      countryCode: z.string().regex(/^[A-Za-z]{2}$/).optional().openapi({ description: "Put this country's languages (and en) first", example: 'CH' }),
      ...limitOffsetQuery(500),
    }),
  },
});
const one = contractRoute(contract.getPublicLanguagesByCode, {
  description: 'One language by ISO 639-1 (`ko`), 639-2 (`kor`, B or T form) or 639-3 code. Unknown code: 404.',
  request: { params: z.object({ code: z.string().regex(/^[A-Za-z]{2,3}$/).openapi({ example: 'ko' }) }) },
});

const shape = (row: LanguageRow) => ({
  iso_code_1: row.isoCode1,
  iso_code_2: row.isoCode2,
  iso_code_3: row.isoCode3,
  name_english: row.nameEnglish,
  name_local: row.nameLocal,
  country_code: row.countryCode,
  metadata: row.metadata,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const languages = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    let priority = DEFAULT_PRIORITY;
    if (q.countryCode) {
      const iso = q.countryCode.toUpperCase();
      const country = (await countryRows(c.var.db)).find((r) => r.isoCode === iso);
      if (!country) throw notFound(`Country ${iso}`);
      priority = [...new Set([...country.metadata.languages, 'en'])];
    }
    const needle = q.search ? fold(q.search) : undefined;
    const rows = (await languageRows(c.var.db)).filter(
      (r) =>
        !needle ||
        [r.isoCode1, r.isoCode2 ?? '', r.isoCode3 ?? '', r.nameEnglish, r.nameLocal].some((h) => fold(h).includes(needle)),
    );
    const rank = (code: string) => {
      const i = priority.indexOf(code);
      return i === -1 ? priority.length : i;
    };
    rows.sort((a, b) => rank(a.isoCode1) - rank(b.isoCode1) || a.nameEnglish.localeCompare(b.nameEnglish, 'en'));
    return c.json(
      { data: { languages: rows.slice(q.offset, q.offset + q.limit).map(shape), total: rows.length, limit: q.limit, offset: q.offset } },
      200,
    );
  })
  .openapi(one, async (c) => {
    const code = c.req.valid('param').code.toLowerCase();
    const row = (await languageRows(c.var.db)).find(
      (r) => r.isoCode1 === code || r.isoCode2 === code || r.isoCode3 === code || r.metadata.iso_code_2b === code,
    );
    if (!row) throw notFound(`Language ${code}`);
    return c.json({ data: shape(row) }, 200);
  });
