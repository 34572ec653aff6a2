import { z } from '@hono/zod-openapi';
import * as contract from '../../contract/foundation';
import { ApiError, notFound } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { phoneCodeRows, type PhoneCodeRow } from './cache';

const list = contractRoute(contract.getPublicPhoneCodes, {
  description: 'International calling codes of every country, ordered by ISO country code.',
});
const search = contractRoute(contract.getPublicPhoneCodesSearch, {
  description:
    'Reverse lookup by dialing code. `code` accepts `+41`, `41` or `0041`; a longer prefix such ' +
    'as `+1787` narrows shared codes (NANP) to the matching countries. No match: empty list.',
  request: {
    query: z.object({
      code: z.string().regex(/^(\+|00)?[0-9]{1,7}$/).openapi({ description: 'Dialing code or number prefix', example: '+41' }),
    }),
  },
});
const one = contractRoute(contract.getPublicPhoneCodesByCountry, {
  description: 'Calling code of one country (ISO 3166-1 alpha-2, case-insensitive). Unknown country: 404.',
  request: { params: z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).openapi({ example: 'CH' }) }) },
});

const shape = (row: PhoneCodeRow) => ({
  country_code: row.countryCode,
  idd_root: row.iddRoot,
  idd_suffixes: row.iddSuffixes,
  full_code: row.fullCode,
  metadata: row.metadata,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const digits = (s: string) => s.replace(/^00/, '').replace(/\D/g, '');

/**
 * How many leading digits of `wanted` this country's code accounts for; 0 when it does not match.
 * `+1` matches every NANP country; `+1787` only Puerto Rico (root 1, suffix 787).
 */
function matchLength(row: PhoneCodeRow, wanted: string): number {
  const root = digits(row.iddRoot);
  if (!wanted.startsWith(root)) return 0;
  if (wanted === root || !row.iddSuffixes?.length) return root.length;
  const suffix = row.iddSuffixes.filter((s) => wanted.startsWith(root + s)).sort((a, b) => b.length - a.length)[0];
  return suffix === undefined ? 0 : root.length + suffix.length;
}

export const phoneCodes = newRouter()
  .openapi(list, async (c) => c.json({ data: (await phoneCodeRows(c.var.db)).map(shape) }, 200))
  .openapi(search, async (c) => {
    const wanted = digits(c.req.valid('query').code);
    if (!wanted) throw new ApiError('VALIDATION_ERROR', 'code must contain digits', { fields: { code: ['no digits'] } });
    const rows = await phoneCodeRows(c.var.db);
    const scored = rows.map((row) => ({ row, score: matchLength(row, wanted) })).filter((x) => x.score > 0);
    const best = Math.max(0, ...scored.map((x) => x.score));
    const hits = scored.filter((x) => x.score === best).map((x) => x.row);
    return c.json({ data: hits.map(shape) }, 200);
  })
  .openapi(one, async (c) => {
    const iso = c.req.valid('param').country.toUpperCase();
    const row = (await phoneCodeRows(c.var.db)).find((r) => r.countryCode === iso);
    if (!row) throw notFound(`Country ${iso}`);
    return c.json({ data: shape(row) }, 200);
  });
