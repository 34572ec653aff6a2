// Calling codes (list, reverse search, one): the contract routes and their parameters. Public, no tenant.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/foundation';
import { contractRoute } from '../../../../http/route';

export const list = contractRoute(contract.getPublicPhoneCodes, {
  description: 'International calling codes of every country, ordered by ISO country code.',
});
export const search = contractRoute(contract.getPublicPhoneCodesSearch, {
  description:
    'Reverse lookup by dialing code. `code` accepts `+41`, `41` or `0041`; a longer prefix such ' +
    'as `+1787` narrows shared codes (NANP) to the matching countries. No match: empty list.',
  request: {
    query: z.object({
      code: z.string().regex(/^(\+|00)?[0-9]{1,7}$/).openapi({ description: 'Dialing code or number prefix', example: '+41' }),
    }),
  },
});
export const one = contractRoute(contract.getPublicPhoneCodesByCountry, {
  description: 'Calling code of one country (ISO 3166-1 alpha-2, case-insensitive). Unknown country: 404.',
  request: { params: z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).openapi({ example: 'CH' }) }) },
});
