// Time zones (list, regions, one): the contract routes and their parameters. Public, no database.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/foundation';
import { contractRoute } from '../../../../http/route';
import { limitOffsetQuery } from '../../../../lib/pagination';

export const list = contractRoute(contract.getPublicTimezones, {
  description:
    'IANA time zones with their offset right now (DST-aware). Priority zones first (Europe/Zurich, ' +
    'Europe/Berlin, Europe/Paris, Europe/London, America/New_York, America/Los_Angeles, Asia/Tokyo, ' +
    'Asia/Singapore, Australia/Sydney), then by region, then city. No database.',
  request: {
    query: z.object({
      search: z.string().max(100).optional().openapi({ description: 'Text to look for in name, city and abbreviation' }),
      region: z.string().max(50).optional().openapi({ description: 'Region (first part of the name), e.g. `Europe`' }),
      ...limitOffsetQuery(500),
    }),
  },
});
export const regions = contractRoute(contract.getPublicTimezonesRegions);
export const one = contractRoute(contract.getPublicTimezonesByName, {
  description: 'One zone by IANA name; the slash raw (`America/New_York`) or URL-encoded (`America%2FNew_York`). Aliases resolve to the canonical name. Unknown: 404.',
  request: { params: z.object({ name: z.string().min(1).max(64).openapi({ example: 'Europe/Zurich' }) }) },
});
