// Shared security suite, part 3 (see route-table.shared.ts): read routes' round trips.
import { describe, expect, it } from 'vitest';
import { describeStatus, fixtureOf, isSystem, ops, S, url, useSuiteCallers } from './route-table.shared';

import { api, roundTrips } from '../helpers/http';

useSuiteCallers();

// The edge data path's target for reads: the caller check and the route's read in one round trip
// (middleware/auth.ts, early reads). Measured on A's own second call (the first warms the isolate's
// caches: the tenant's security policy). Routes not there yet are listed with what they take today
// (they may not get worse); a route that truly needs more says why.
const NOT_YET_ONE: Record<string, number | 'writes'> = {
  // Brings the session's flow gate up to date when it is stale (flow.service syncGate): the next
  // request must see it, so it cannot wait until after the response.
  'GET /api/v1/secure/auth/tasks/status': 'writes',
  // Creates the platform's settings row on first read: its `id` is answered and must be the one a
  // later PATCH answers (seeding the row in a migration would make this a read).
  'GET /api/v1/system/security/config': 'writes',
};
/** Routes whose query string is required (the fixtures carry path ids and bodies only). */
const QUERY: Record<string, () => string> = {
  'GET /api/v1/secure/calendar/entries': () => '?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z',
  'GET /api/v1/secure/calendar/free-busy': () => '?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z',
  'GET /api/v1/secure/calendar/window': () => '?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z',
  'GET /api/v1/secure/iam/can': () => '?permission=users:read',
  'GET /api/v1/secure/resources/nearby': () => '?lat=47.37&lng=8.54',
  'GET /api/v1/secure/search/': () => '?q=fixture',
  'GET /api/v1/secure/taxonomy/categories/entity': () => `?entity_type=tenant&entity_id=${S.a.tenantId}`,
  'GET /api/v1/secure/taxonomy/tags/entity': () => `?entity_type=tenant&entity_id=${S.a.tenantId}`,
};
const reads = ops.filter((op) => op.method === 'GET');
describe('read routes: one database round trip with the caller check', () => {
  it.each(reads.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    expect(!op.params.length || fixtureOf(op), 'no fixture').toBeTruthy();
    let as = (fixtureOf(op)?.as ?? (isSystem(op) ? S.admin : S.a)).auth;
    const get = () => api(url(op) + (QUERY[op.key]?.() ?? ''), { headers: as });
    // A secure route for platform administrators only (the feature catalog) is measured as one.
    if ((await get()).status === 403 && !fixtureOf(op)?.as) {
      as = S.admin.auth;
      await get();
    }
    // The route's own cost: the fewest of three calls. A call now and then pays one more round trip
    // for an isolate cache being refilled (the tenant's security policy, rate limits, the IP
    // blacklist), which is not the route's; a route that needs more pays it every time.
    let best: { res: Awaited<ReturnType<typeof get>>; trips: ReturnType<typeof roundTrips> } | undefined;
    for (let i = 0; i < 3 && !(best && best.trips.roundTrips <= 1 && !best.trips.connect); i++) {
      const res = await get();
      expect(res.status, describeStatus(res)).toBeLessThan(300);
      const trips = roundTrips(res);
      if (!best || trips.roundTrips + trips.connect < best.trips.roundTrips + best.trips.connect) best = { res, trips };
    }
    const known = NOT_YET_ONE[op.key];
    if (known === 'writes') return; // declares `writes: true`: a connection and its transaction
    expect(best!.trips.connect, 'a read opened a connection').toBe(0);
    expect(best!.trips.roundTrips, `${best!.res.headers.get('server-timing')}`).toBeLessThanOrEqual(known ?? 1);
  });
});
