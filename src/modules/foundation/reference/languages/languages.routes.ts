// Languages (list, one): the contract routes and their parameters. Public, no tenant.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/foundation';
import { contractRoute } from '../../../../http/route';
import { limitOffsetQuery } from '../../../../lib/pagination';

export const list = contractRoute(contract.getPublicLanguages, {
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
export const one = contractRoute(contract.getPublicLanguagesByCode, {
  description: 'One language by ISO 639-1 (`ko`), 639-2 (`kor`, B or T form) or 639-3 code. Unknown code: 404.',
  request: { params: z.object({ code: z.string().regex(/^[A-Za-z]{2,3}$/).openapi({ example: 'ko' }) }) },
});
