// The shared security suite. It reads the route table (/openapi.json) and checks EVERY secure and
// system route (the authenticated zones of src/lib/zones.ts, /api/v1/services included), one test per route and check, so a route added tomorrow is covered without anyone
// writing a test for it:
//   1. no credentials → 401
//   2. a disabled or an expired API key → 401
//   3. an API key without the needed scope → 403
//   4. a signed-in user whose role lacks the route's permission → 403
//   5. the owner of another tenant using tenant A's real ids and a valid body → 404 with none of
//      A's data, while A's own caller making the same call gets neither 404 nor 400 (so the 404
//      came from the tenant lookup, not from a missing row or a rejected body)
// Ids and bodies come from the fixture registry (./fixtures/index.ts): a route with path
// parameters or a body and no fixture fails its own test.
import { isAuthenticatedPath } from '../../src/lib/zones';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { apiKeys } from '../../src/db/schema/access';
import { ROLE_PERMISSIONS, type Permission } from '../../src/lib/permissions';
import { addMember, withDb } from '../helpers/db';
import { api, roundTrips } from '../helpers/http';
import { newTenant, signIn, type SignedIn } from '../helpers/identity';
import { loadFixtures, type Fixtures, type RouteFixture } from './fixtures/index';

interface Operation {
  key: string;
  method: string;
  path: string;
  permission: Permission | null;
  params: string[];
  /** Path parameters that are row ids (uuid), the subject of the cross-tenant check. */
  ids: string[];
  hasBody: boolean;
}

// The route table is known only at run time: read it at module load, then declare the tests.
const doc = (await api('/openapi.json')).body;
const ops: Operation[] = [];
for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
  // The zones decide (lib/zones.ts): public system calls such as health are not authenticated paths.
  if (!isAuthenticatedPath(path)) continue;
  for (const [m, op] of Object.entries<any>(methods)) {
    const pathParams = (op.parameters ?? []).filter((p: any) => p.in === 'path');
    const method = m.toUpperCase();
    ops.push({
      key: `${method} ${path}`,
      method,
      path,
      permission: op['x-permission'] ?? null,
      params: pathParams.map((p: any) => p.name),
      ids: pathParams.filter((p: any) => p.schema?.format === 'uuid').map((p: any) => p.name),
      hasBody: Boolean(op.requestBody),
    });
  }
}
const isSystem = (op: Operation) => op.path.startsWith('/api/v1/system/');
const needsFixture = ops.filter((op) => op.params.length || op.hasBody);
const crossTenant = ops.filter((op) => op.ids.length && !isSystem(op));
const underPrivileged = ops.filter((op) => isSystem(op) || (op.permission && !ROLE_PERMISSIONS.guest.includes(op.permission)));

let a: SignedIn; // owns the fixtures
let b: SignedIn; // owner of another tenant
let guest: SignedIn; // tenant A, role guest
let admin: SignedIn; // a platform administrator (system routes)
const keys = { noScope: '', disabled: '', expired: '' };
let fixtures: Fixtures = {};
/** Every id of A's rows, and A's owner's email: none may appear in an answer to tenant B. */
let secrets: string[] = [];

const fixtureOf = (op: Operation): RouteFixture | undefined => fixtures[op.key];

function url(op: Operation): string {
  const params = fixtureOf(op)?.params ?? {};
  // Without a fixture (its own test fails), auth checks still run: they answer before any lookup.
  return op.params.reduce((p, name) => p.replace(`{${name}}`, encodeURIComponent(params[name] ?? crypto.randomUUID())), op.path);
}

function call(op: Operation, headers: Record<string, string>) {
  const body = fixtureOf(op)?.body;
  return api(url(op), { method: op.method, headers, ...(body !== undefined && { json: body }) });
}

const describeStatus = (res: { status: number; body: any }) => `${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;

beforeAll(async () => {
  a = await newTenant();
  b = await newTenant();
  guest = await addMember(a.tenantId, 'guest');
  admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
  const post = async (path: string, json: unknown, as: SignedIn = a, method = 'POST') => {
    const res = await api(path, { method, headers: as.auth, json });
    if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${describeStatus(res)}`);
    return res.body;
  };
  const createKey = async (name: string) => {
    const body = await post('/api/v1/secure/api-keys/', { name });
    return { id: body.data.id as string, fullKey: body.fullKey as string };
  };
  // The suite calls every route several times as A (and B): more than a trial tenant's 10,000 API calls a day.
  for (const t of [a, b]) await post(`/api/v1/secure/tenants/${t.tenantId}/settings/limits`, { settings: { max_api_calls_per_day: -1 } }, t, 'PATCH');
  keys.noScope = (await createKey('no scope')).fullKey;
  const disabled = await createKey('disabled');
  await post(`/api/v1/secure/api-keys/${disabled.id}`, { enabled: false }, a, 'PATCH');
  keys.disabled = disabled.fullKey;
  const expired = await createKey('expired');
  await withDb((db) => db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(apiKeys.id, expired.id)));
  keys.expired = expired.fullKey;

  fixtures = await loadFixtures({ a, admin, post });
  signedAt = Date.now();
  const ids = Object.values(fixtures).flatMap((f) => Object.values(f.params ?? {}).filter((v) => /^[0-9a-f-]{36}$/.test(v)));
  secrets = [...new Set([...ids, a.email])];
}, 180_000);

// The suite outlives an access token (15 minutes) on a busy machine: the callers sign in again, in
// place (every test reads `x.auth` when it calls), once their tokens are five minutes old.
let signedAt = 0;
beforeEach(async () => {
  if (!signedAt || Date.now() - signedAt < 5 * 60_000) return;
  const callers = new Set<SignedIn>([a, b, guest, admin, ...Object.values(fixtures).flatMap((f) => (f.as ? [f.as] : []))]);
  for (const s of callers) {
    // A fixture's caller whose password or session a destructive route changed keeps its old token.
    const fresh = await signIn(s.email, s.password).catch(() => undefined);
    if (!fresh) continue;
    s.accessToken = fresh.accessToken;
    s.refreshToken = fresh.refreshToken;
    s.auth.authorization = fresh.auth.authorization;
  }
  signedAt = Date.now();
}, 120_000);

describe('shared security suite (every secure and system route)', () => {
  it('covers the route table', () => {
    expect(ops.length).toBeGreaterThan(70);
    expect(crossTenant.length).toBeGreaterThan(30);
    expect(underPrivileged.length).toBeGreaterThan(30);
  });

  it.each(needsFixture.map((op) => [op.key, op] as const))('%s has a fixture (real path ids, a valid body)', (_key, op) => {
    const f = fixtureOf(op);
    expect(op.params.filter((p) => !f?.params?.[p]), 'path parameters without a value').toEqual([]);
    if (op.hasBody) expect(f?.body, 'no valid body registered').toBeDefined();
  });

  it('registers no fixture for a route that does not exist', () => {
    const known = new Set(ops.map((op) => op.key));
    expect(Object.keys(fixtures).filter((k) => !known.has(k))).toEqual([]);
  });
});

describe('401 without credentials', () => {
  it.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const res = await call(op, {});
    expect(res.status, describeStatus(res)).toBe(401);
    expect(res.body?.error).toBe('UNAUTHORIZED');
  });
});

describe('401 to a disabled or an expired API key', () => {
  it.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    for (const key of [keys.disabled, keys.expired]) {
      const res = await call(op, { 'x-api-key': key });
      expect(res.status, `${key === keys.disabled ? 'disabled' : 'expired'}: ${describeStatus(res)}`).toBe(401);
    }
  });
});

describe('403 to an API key without the needed scope', () => {
  it.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const res = await call(op, { authorization: `Bearer ${keys.noScope}` });
    expect(res.status, describeStatus(res)).toBe(403);
  });
});

describe("403 to a user whose role lacks the route's permission", () => {
  it.each(underPrivileged.map((op) => [`${op.key} (${op.permission ?? 'system admin'})`, op] as const))('%s', async (_key, op) => {
    const res = await call(op, guest.auth);
    expect(res.status, describeStatus(res)).toBe(403);
  });
});

// Last: A's own call may change or delete its fixture (destructive routes have rows of their own).
describe("404 with none of A's data to another tenant's owner using A's ids; A's own call reaches the row", () => {
  it.each(crossTenant.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    expect(fixtureOf(op), 'no fixture: the 404 would prove nothing').toBeDefined();
    const res = await call(op, b.auth);
    expect(res.status, describeStatus(res)).toBe(404);
    const text = JSON.stringify(res.body ?? '');
    expect(secrets.filter((s) => text.includes(s) && !url(op).includes(s)), "A's data in B's answer").toEqual([]);
    const own = await call(op, (fixtureOf(op)!.as ?? a).auth);
    expect([400, 404], `A's own call: ${describeStatus(own)}`).not.toContain(own.status);
  });
});

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
const QUERY: Record<string, string> = { 'GET /api/v1/secure/iam/can': '?permission=users:read', 'GET /api/v1/secure/resources/nearby': '?lat=47.37&lng=8.54', 'GET /api/v1/secure/search/': '?q=fixture' };
const reads = ops.filter((op) => op.method === 'GET');
describe('read routes: one database round trip with the caller check', () => {
  it.each(reads.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    expect(!op.params.length || fixtureOf(op), 'no fixture').toBeTruthy();
    let as = (fixtureOf(op)?.as ?? (isSystem(op) ? admin : a)).auth;
    const get = () => api(url(op) + (QUERY[op.key] ?? ''), { headers: as });
    // A secure route for platform administrators only (the feature catalog) is measured as one.
    if ((await get()).status === 403 && !fixtureOf(op)?.as) {
      as = admin.auth;
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
