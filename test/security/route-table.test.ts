// The shared security suite. It reads the route table (/openapi.json) and checks EVERY secure and
// system route, so a route added tomorrow is covered without anyone writing a test for it:
//   1. no credentials → 401
//   2. a disabled or an expired API key → 401
//   3. an API key without the needed scope → 403
//   4. a signed-in user whose role lacks the route's permission → 403
//   5. a user of another tenant using this tenant's ids → 404, and none of this tenant's data
// Ids come from fixtures created in tenant A (see `fixtureFor`); unknown id parameters get a random
// UUID, which must answer 404 too.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema/integrators';
import { ROLE_PERMISSIONS, type Permission } from '../../src/lib/permissions';
import { api } from '../helpers/http';
import { addMember, withDb } from '../helpers/db';
import { newTenant, type SignedIn } from '../helpers/identity';

interface Operation {
  method: string;
  path: string;
  permission: Permission | null;
  params: string[];
  hasBody: boolean;
}

const PUBLIC_SYSTEM = new Set(['/api/v1/system/health']);

async function secureOperations(): Promise<Operation[]> {
  const doc = (await api('/openapi.json')).body;
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    if (!/^\/api\/v1\/(secure|system)\//.test(path) || PUBLIC_SYSTEM.has(path)) continue;
    for (const [method, op] of Object.entries<any>(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        permission: op['x-permission'] ?? null,
        params: (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
        hasBody: Boolean(op.requestBody),
      });
    }
  }
  return ops;
}

let ops: Operation[] = [];
let a: SignedIn; // owns the fixtures
let b: SignedIn; // owner of another tenant
let guest: SignedIn; // tenant A, role guest
const keys = { noScope: '', disabled: '', expired: '' };
const fixtures: Record<string, string> = {};

/** Value for a path parameter: a fixture of tenant A, a valid non-id value, or a random UUID. */
function fixtureFor(path: string, param: string): string {
  const before = path.split(`/{${param}}`)[0]!.split('/').pop()!;
  if (param === 'tenantId') return a.tenantId;
  if (param === 'userId') return fixtures.user!;
  if (param === 'taskId') return fixtures.flowTask!;
  if (param === 'provider') return 'google';
  if (param === 'method') return 'totp';
  if (param === 'entityType') return 'space';
  const byCollection: Record<string, string | undefined> = {
    groups: fixtures.group,
    users: fixtures.user,
    'api-keys': fixtures.apiKey,
    'app-accounts': fixtures.appAccount,
    'flow-tasks': fixtures.flowTask,
    invitations: fixtures.invitation,
  };
  return byCollection[before] ?? crypto.randomUUID();
}

const NON_ID_PARAMS = new Set(['provider', 'method', 'entityType']);

function url(op: Operation): string {
  return op.params.reduce((p, name) => p.replace(`{${name}}`, encodeURIComponent(fixtureFor(op.path, name))), op.path);
}

function call(op: Operation, headers: Record<string, string>) {
  return api(url(op), { method: op.method, headers, ...(op.hasBody && { json: {} }) });
}

async function createKey(name: string): Promise<{ id: string; fullKey: string }> {
  const res = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: a.auth, json: { name } });
  if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.data.id, fullKey: res.body.fullKey };
}

beforeAll(async () => {
  ops = await secureOperations();
  a = await newTenant();
  b = await newTenant();
  guest = await addMember(a.tenantId, 'guest');
  fixtures.user = (await addMember(a.tenantId, 'member')).userId;
  const post = async (path: string, json: unknown) => {
    const res = await api(path, { method: 'POST', headers: a.auth, json });
    if (res.status >= 300) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  fixtures.group = (await post('/api/v1/secure/groups/create', { name: 'Fixture group' })).data.id;
  fixtures.appAccount = (await post('/api/v1/secure/app-accounts/', { name: 'Fixture app', email: `app-${a.tenantId}@example.test`, password: 'app account password' })).data.id;
  fixtures.flowTask = (await post('/api/v1/secure/admin/flow-tasks/', { type: 'custom', name: 'Fixture task', targetRoute: '/fixture' })).id;
  const noScope = await createKey('no scope');
  fixtures.apiKey = noScope.id;
  keys.noScope = noScope.fullKey;
  const disabled = await createKey('disabled');
  await api(`/api/v1/secure/api-keys/${disabled.id}`, { method: 'PATCH', headers: a.auth, json: { enabled: false } });
  keys.disabled = disabled.fullKey;
  const expired = await createKey('expired');
  await withDb((db) => db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(apiKeys.id, expired.id)));
  keys.expired = expired.fullKey;
}, 60_000);

describe('shared security suite (every secure and system route)', () => {
  it('covers the route table', () => {
    expect(ops.length).toBeGreaterThan(70);
  });

  it('answers 401 without credentials', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const res = await call(op, {});
      if (res.status !== 401 || res.body?.error !== 'UNAUTHORIZED') wrong.push(`${op.method} ${op.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 401 to a disabled or an expired API key', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      for (const [label, key] of [['disabled', keys.disabled], ['expired', keys.expired]] as const) {
        const res = await call(op, { 'x-api-key': key });
        if (res.status !== 401) wrong.push(`${label} key: ${op.method} ${op.path} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to an API key without the needed scope', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      // A key may read its own record (GET /api-keys/{its id}) without a scope.
      if (op.method === 'GET' && op.path === '/api/v1/secure/api-keys/{id}') continue;
      const res = await call(op, { authorization: `Bearer ${keys.noScope}` });
      if (res.status !== 403) wrong.push(`${op.method} ${op.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 to a user whose role lacks the route's permission", async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of ops) {
      const systemOnly = op.path.startsWith('/api/v1/system/');
      if (!systemOnly && (!op.permission || ROLE_PERMISSIONS.guest.includes(op.permission))) continue;
      checked++;
      const res = await call(op, guest.auth);
      if (res.status !== 403) wrong.push(`${op.method} ${op.path} (${op.permission ?? 'system admin'}) → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it("answers 404 with none of the tenant's data to a user of another tenant using its ids", async () => {
    const wrong: string[] = [];
    const secrets = Object.values(fixtures);
    let checked = 0;
    for (const op of ops) {
      if (op.path.startsWith('/api/v1/system/')) continue; // platform-wide: covered by the 403 check
      const ids = op.params.filter((p) => !NON_ID_PARAMS.has(p));
      if (!ids.length) continue;
      checked++;
      const res = await call(op, b.auth);
      const allowed = op.hasBody ? [400, 404] : [404];
      const leaked = secrets.some((s) => JSON.stringify(res.body ?? '').includes(s) && !url(op).includes(s));
      if (!allowed.includes(res.status) || leaked) wrong.push(`${op.method} ${url(op)} → ${res.status}${leaked ? ' (leaked data)' : ''}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
