// Round trips to the database per request, as Server-Timing reports them (`db;desc="N queries in
// M round trips"`, `db-connect;desc="K round trips"` when a WebSocket connection was opened): the
// edge data path's targets. At a distance from the database each round trip is the edge-to-region
// latency, so these counts are the latency a client pays.
import { describe, expect, it } from 'vitest';
import { api, roundTrips as trips } from '../helpers/http';
import { eq } from 'drizzle-orm';
import { auditLogs } from '../../src/db/schema/access';
import { withDb } from '../helpers/db';
import { newTenant, signIn } from '../helpers/identity';

async function apiKey(auth: Record<string, string>): Promise<string> {
  const res = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: auth, json: { name: 'round trips', permissions: { users: { read: true } } } });
  expect(res.status).toBe(201);
  return res.body.fullKey as string;
}

describe('database round trips per request', () => {
  it('health: one round trip, no connection', { timeout: 60_000 }, async () => {
    const res = await api('/api/v1/system/health');
    expect(res.status).toBe(200);
    expect(trips(res)).toEqual({ roundTrips: 1, connect: 0 });
  });

  it('an authenticated read is one round trip: the caller check and the read together', async () => {
    const owner = await newTenant();
    // The tenant's security policy is read once and cached by the isolate (SECURITY_CACHE_SECONDS): warm it.
    await api('/api/v1/secure/auth/me', { headers: owner.auth });
    for (const path of ['/api/v1/secure/auth/me', '/api/v1/secure/users/?limit=20', `/api/v1/secure/users/${owner.userId}`]) {
      const res = await api(path, { headers: owner.auth });
      expect(res.status, path).toBe(200);
      expect(trips(res), path).toEqual({ roundTrips: 1, connect: 0 });
    }
    const list = await api('/api/v1/secure/users/?limit=1', { headers: owner.auth });
    expect(list.body.pagination.total).toBe(1); // the total comes with the page (one statement)
  });

  it('a list with an API key: the first time the key lookup then the list, afterwards together', async () => {
    const owner = await newTenant();
    const key = await apiKey(owner.auth);
    const first = await api('/api/v1/secure/users/?limit=20', { headers: { 'x-api-key': key } });
    expect(first.status).toBe(200);
    expect(trips(first)).toEqual({ roundTrips: 2, connect: 0 });
    // The isolate now knows the key's tenant: the key is checked in the list's batch.
    const again = await api('/api/v1/secure/users/?limit=20', { headers: { 'x-api-key': key } });
    expect(again.status).toBe(200);
    expect(again.body.data.map((u: { id: string }) => u.id)).toEqual(first.body.data.map((u: { id: string }) => u.id));
    expect(trips(again)).toEqual({ roundTrips: 1, connect: 0 });
    // Still checked on every request: a revoked key is refused at once, with none of the data.
    const [row] = (await api('/api/v1/secure/api-keys/', { headers: owner.auth })).body.data as { id: string }[];
    expect((await api(`/api/v1/secure/api-keys/${row!.id}`, { method: 'DELETE', headers: owner.auth })).status).toBeLessThan(300);
    const revoked = await api('/api/v1/secure/users/?limit=20', { headers: { 'x-api-key': key } });
    expect(revoked.status).toBe(401);
    expect(revoked.body.data).toBeUndefined();
  });

  it('a refused caller gets the check’s answer even though the read went with it', async () => {
    const owner = await newTenant();
    const key = await apiKey(owner.auth);
    // The key holds users:read only: groups are refused.
    const res = await api('/api/v1/secure/groups/', { headers: { 'x-api-key': key } });
    expect(res.status).toBe(403);
    const revoked = await newTenant();
    await api('/api/v1/secure/auth/logout', { method: 'POST', headers: revoked.auth, json: {} });
    const after = await api(`/api/v1/secure/users/${revoked.userId}`, { headers: revoked.auth });
    expect(after.status).toBe(401);
    expect(after.body.data).toBeUndefined();
  });

  it('an authenticated write: the connection plus the transaction, the check over HTTP alongside', async () => {
    const owner = await newTenant();
    await api('/api/v1/secure/auth/me', { headers: owner.auth }); // warm the tenant's cached security policy
    const res = await api('/api/v1/secure/groups/create', { method: 'POST', headers: owner.auth, json: { name: `rt ${crypto.randomUUID()}` } });
    expect(res.status).toBe(201);
    const t = trips(res);
    expect(t.connect).toBe(3);
    // the check (HTTP, while the connection opens and BEGIN goes out) + BEGIN + insert + audit with COMMIT
    expect(t.roundTrips).toBe(4);
  });

  it('the audit entry sent with COMMIT keeps every character of what it records', async () => {
    const owner = await newTenant();
    const agent = `O'Reilly \\ "quoted" $1 ; commit; -- ${crypto.randomUUID()}`;
    const res = await api('/api/v1/secure/groups/create', { method: 'POST', headers: { ...owner.auth, 'user-agent': agent }, json: { name: `rt ${crypto.randomUUID()}` } });
    expect(res.status).toBe(201);
    const [entry] = await withDb((db) => db.select().from(auditLogs).where(eq(auditLogs.userAgent, agent)));
    expect(entry).toMatchObject({ tenantId: owner.tenantId, actorId: owner.userId, resourceType: 'groups', resourceId: res.body.data.id, userAgent: agent });
    expect(entry!.details).toMatchObject({ status: 201 });
  });

  it('sign-in: at most 3 round trips, no connection', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: owner.email, password: owner.password } });
    expect(res.status).toBe(200);
    expect(trips(res).connect).toBe(0);
    expect(trips(res).roundTrips).toBeLessThanOrEqual(3);
    // The session it made works.
    const me = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${res.body.accessToken}` } });
    expect(me.status).toBe(200);
    await signIn(owner.email, owner.password);
  });
});
