// The shared security suite (route-table-*.test.ts, three files so they run in parallel; this module
// is their common part). It reads the route table (/openapi.json) and checks EVERY secure and
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
import { beforeAll, beforeEach, inject } from 'vitest';
import { apiKeys } from '../../src/db/schema/access';
import { ROLE_PERMISSIONS, type Permission } from '../../src/lib/permissions';
import { addMember, withDb } from '../helpers/db';
import { api } from '../helpers/http';
import { newTenant, signIn, type SignedIn } from '../helpers/identity';
import { loadFixtures, type Fixtures, type RouteFixture } from './fixtures/index';

export interface Operation {
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
export const ops: Operation[] = [];
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
export const isSystem = (op: Operation) => op.path.startsWith('/api/v1/system/');
export const needsFixture = ops.filter((op) => op.params.length || op.hasBody);
export const crossTenant = ops.filter((op) => op.ids.length && !isSystem(op));
export const underPrivileged = ops.filter(
  (op) => isSystem(op) || (op.permission && !ROLE_PERMISSIONS.guest.includes(op.permission)),
);

/** The callers and A's fixtures, set by useSuiteCallers() in each file's beforeAll. */
export const S = {
  a: undefined as unknown as SignedIn, // owns the fixtures
  b: undefined as unknown as SignedIn, // owner of another tenant
  guest: undefined as unknown as SignedIn, // tenant A, role guest
  admin: undefined as unknown as SignedIn, // a platform administrator (system routes)
  keys: { noScope: '', disabled: '', expired: '' },
  fixtures: {} as Fixtures,
  /** Every id of A's rows, and A's owner's email: none may appear in an answer to tenant B. */
  secrets: [] as string[],
};

export const fixtureOf = (op: Operation): RouteFixture | undefined => S.fixtures[op.key];

export function url(op: Operation): string {
  const params = fixtureOf(op)?.params ?? {};
  // Without a fixture (its own test fails), auth checks still run: they answer before any lookup.
  const path = op.params.reduce((p, name) => p.replace(`{${name}}`, encodeURIComponent(params[name] ?? crypto.randomUUID())), op.path);
  return path + (fixtureOf(op)?.query ?? '');
}

export function call(op: Operation, headers: Record<string, string>) {
  const body = fixtureOf(op)?.body;
  return api(url(op), { method: op.method, headers, ...(body !== undefined && { json: body }) });
}

export const describeStatus = (res: { status: number; body: any }) =>
  `${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;

/** Each file's own tenants A and B, callers and fixtures (files run in parallel and never share rows). */
export function useSuiteCallers() {
  beforeAll(async () => {
    const a = (S.a = await newTenant());
    S.b = await newTenant();
    S.guest = await addMember(a.tenantId, 'guest');
    S.admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
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
    for (const t of [a, S.b])
      await post(
        `/api/v1/secure/tenants/${t.tenantId}/settings/limits`,
        { settings: { max_api_calls_per_day: -1 } },
        t,
        'PATCH',
      );
    S.keys.noScope = (await createKey('no scope')).fullKey;
    const disabled = await createKey('disabled');
    await post(`/api/v1/secure/api-keys/${disabled.id}`, { enabled: false }, a, 'PATCH');
    S.keys.disabled = disabled.fullKey;
    const expired = await createKey('expired');
    await withDb((db) =>
      db
        .update(apiKeys)
        .set({ expiresAt: new Date(Date.now() - 60_000) })
        .where(eq(apiKeys.id, expired.id)),
    );
    S.keys.expired = expired.fullKey;

    S.fixtures = await loadFixtures({ a, admin: S.admin, post });
    signedAt = Date.now();
    const ids = Object.values(S.fixtures).flatMap((f) =>
      Object.values(f.params ?? {}).filter((v) => /^[0-9a-f-]{36}$/.test(v)),
    );
    S.secrets = [...new Set([...ids, a.email])];
  }, 180_000);

  // The suite outlives an access token (15 minutes) on a busy machine: the callers sign in again, in
  // place (every test reads `x.auth` when it calls), once their tokens are five minutes old.
  let signedAt = 0;
  beforeEach(async () => {
    if (!signedAt || Date.now() - signedAt < 5 * 60_000) return;
    const callers = new Set<SignedIn>([
      S.a,
      S.b,
      S.guest,
      S.admin,
      ...Object.values(S.fixtures).flatMap((f) => (f.as ? [f.as] : [])),
    ]);
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
}
