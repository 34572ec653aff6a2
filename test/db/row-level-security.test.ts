// Tenant isolation enforced by the database (drizzle/0012_row_level_security.sql, src/db/rls.ts):
// the application role (the Worker's DATABASE_URL) sees and writes only the rows of the tenant set
// for its transaction, whatever the query's own filter says; the platform path sees every tenant.
import { env } from 'cloudflare:test';
import { eq, inArray, sql as q } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/context';
import { dbConfig, httpDb, newDbStats, requestDb, type Database } from '../../src/db/client';
import { beginTenant } from '../../src/db/rls';
import { groups } from '../../src/db/schema/access';
import { resources } from '../../src/db/schema/resources';
import { spaces } from '../../src/db/schema/spaces';
import { api, expectError } from '../helpers/http';
import { withDb } from '../helpers/db';
import { newTenant, unique } from '../helpers/identity';

const e = env as Env;

/** Runs `fn` as the application role in a transaction bound to `tenantId` (as a request's handle does). */
async function asTenant<T>(tenantId: string | undefined, fn: (db: Database) => Promise<T>): Promise<T> {
  const handle = requestDb(dbConfig(e));
  try {
    const db = await handle.get();
    beginTenant(db, tenantId);
    return await db.transaction(fn);
  } finally {
    await handle.close();
  }
}

/** The database's reason for refusing (Drizzle wraps the driver's error as `cause`). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as { cause?: Error }).cause?.message ?? err);
  }
  return 'not refused';
}

async function twoTenantsWithGroups() {
  const a = await newTenant();
  const b = await newTenant();
  await withDb((db) =>
    db.insert(groups).values([
      { tenantId: a.tenantId, name: unique('a-') },
      { tenantId: b.tenantId, name: unique('b-') },
    ]),
  );
  return { a, b };
}

describe('row-level security', () => {
  it('runs with two roles: the application role does not bypass RLS, the platform path does', async () => {
    expect(e.PLATFORM_DATABASE_URL).toBeTruthy();
    expect(e.PLATFORM_DATABASE_URL).not.toBe(e.DATABASE_URL);
    const [role] = await asTenant(undefined, (db) =>
      db.execute<{ bypass: boolean; owns: boolean }>(
        // The role's own attributes and whether it owns any table it could then alter.
        q`select r.rolbypassrls or r.rolsuper as bypass, exists(select 1 from pg_tables where tableowner = current_user) as owns
           from pg_roles r where r.rolname = current_user`,
      ).then((r) => r.rows),
    );
    expect(role).toEqual({ bypass: false, owns: false });
  });

  it('a query that forgets its tenant filter answers only the set tenant’s rows', async () => {
    const { a, b } = await twoTenantsWithGroups();
    const tenants = [a.tenantId, b.tenantId];
    // No tenant filter: only the tenant named by the transaction's setting answers.
    const seen = await asTenant(a.tenantId, (db) => db.select({ tenantId: groups.tenantId }).from(groups).where(inArray(groups.tenantId, tenants)));
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.tenantId))).toEqual(new Set([a.tenantId]));
    // Asking for the other tenant by name finds nothing either, and cannot change or delete it.
    expect(await asTenant(a.tenantId, (db) => db.select().from(groups).where(eq(groups.tenantId, b.tenantId)))).toEqual([]);
    expect(await asTenant(a.tenantId, (db) => db.update(groups).set({ name: 'taken' }).where(eq(groups.tenantId, b.tenantId)).returning())).toEqual([]);
    expect(await asTenant(a.tenantId, (db) => db.delete(groups).where(eq(groups.tenantId, b.tenantId)).returning())).toEqual([]);
    // The platform path sees both tenants, unchanged.
    const all = await withDb((db) => db.select({ tenantId: groups.tenantId, name: groups.name }).from(groups).where(inArray(groups.tenantId, tenants)));
    expect(new Set(all.map((r) => r.tenantId))).toEqual(new Set(tenants));
    expect(all.some((r) => r.name === 'taken')).toBe(false);
  });

  it('refuses to write a row of another tenant (WITH CHECK), nor move a row to it', async () => {
    const { a, b } = await twoTenantsWithGroups();
    expect(await refusal(asTenant(a.tenantId, (db) => db.insert(groups).values({ tenantId: b.tenantId, name: unique('x-') })))).toMatch(/row-level security/);
    expect(await refusal(asTenant(a.tenantId, (db) => db.update(groups).set({ tenantId: b.tenantId }).where(eq(groups.tenantId, a.tenantId))))).toMatch(
      /row-level security/,
    );
    // Its own tenant's rows it writes as before.
    const [mine] = await asTenant(a.tenantId, (db) => db.insert(groups).values({ tenantId: a.tenantId, name: unique('a-') }).returning());
    expect(mine!.tenantId).toBe(a.tenantId);
  });

  it('without the setting the application role sees no tenant rows, and none outside a transaction', async () => {
    const { a } = await twoTenantsWithGroups();
    expect(await asTenant(undefined, (db) => db.select().from(groups).where(eq(groups.tenantId, a.tenantId)))).toEqual([]);
    // A setting does not outlive its transaction on the connection.
    const handle = requestDb(dbConfig(e));
    try {
      const db = await handle.get();
      beginTenant(db, a.tenantId);
      await db.transaction(async (tx) => expect((await tx.select().from(groups).where(eq(groups.tenantId, a.tenantId))).length).toBeGreaterThan(0));
      expect(await db.select().from(groups).where(eq(groups.tenantId, a.tenantId))).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('an HTTP batch (the read handle of a request) sets the tenant as its first statement', async () => {
    const { a, b } = await twoTenantsWithGroups();
    const stats = newDbStats();
    const read = httpDb(dbConfig(e), stats, { readOnly: true, tenant: () => a.tenantId });
    // Two statements in one turn: one batch, one round trip, both as tenant A.
    const [rows, count] = await Promise.all([
      read.select({ tenantId: groups.tenantId }).from(groups).where(inArray(groups.tenantId, [a.tenantId, b.tenantId])),
      read.execute<{ n: number }>(q`select count(*)::int as n from groups where tenant_id = ${b.tenantId}`),
    ]);
    expect(stats.roundTrips).toBe(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([a.tenantId]));
    expect(count.rows[0]!.n).toBe(0);
    // The same handle without a tenant sees nothing; a write handle cannot write into another tenant.
    const none = httpDb(dbConfig(e), newDbStats(), { readOnly: true, tenant: () => undefined });
    expect(await none.select().from(groups).where(eq(groups.tenantId, a.tenantId))).toEqual([]);
    const write = httpDb(dbConfig(e), newDbStats(), { readOnly: false, tenant: () => a.tenantId });
    expect(await refusal(write.insert(groups).values({ tenantId: b.tenantId, name: unique('x-') }))).toMatch(/row-level security/);
  });

  it('a tenant id that is not a UUID is never written into a statement', async () => {
    await expect(asTenant("x', true); drop table groups; --", async () => 1)).rejects.toThrow(/not a UUID/);
  });

  it('through the API another tenant’s rows still answer 404, and a platform route keeps working', async () => {
    const { a, b } = await twoTenantsWithGroups();
    const [other] = await withDb((db) => db.select({ id: groups.id }).from(groups).where(eq(groups.tenantId, b.tenantId)));
    expectError(await api(`/api/v1/secure/groups/${other!.id}`, { headers: a.auth }), 404);
    expectError(await api(`/api/v1/secure/groups/${other!.id}`, { method: 'PUT', headers: a.auth, json: { name: 'Mine' } }), 404);
    const list = await api('/api/v1/secure/groups/', { headers: a.auth });
    expect(list.status).toBe(200);
    expect(list.body.data.every((g: { tenantId: string }) => g.tenantId === a.tenantId)).toBe(true);
    const created = await api('/api/v1/secure/groups/create', { method: 'POST', headers: a.auth, json: { name: unique('api-') } });
    expect(created.status).toBe(201);
  });

  it('the search matchers (drizzle/0034, which read past the policy to use GIN) answer only the set tenant’s ids', async () => {
    const { a, b } = await twoTenantsWithGroups();
    const word = unique('zq').replace(/[^a-z0-9]/gi, '');
    const ids = await withDb(async (db) => {
      const r = await db.insert(resources).values([a, b].map((t) => ({ tenantId: t.tenantId, name: `${word} projector` }))).returning({ id: resources.id });
      const s = await db.insert(spaces).values([a, b].map((t) => ({ tenantId: t.tenantId, name: `${word} room` }))).returning({ id: spaces.id });
      return { resources: r.map((x) => x.id), spaces: s.map((x) => x.id) };
    });
    const matches = (tenant: string | undefined, fn: string, text: string) =>
      asTenant(tenant, (db) => db.execute<{ id: string; rank: number }>(q`select id, rank from ${q.raw(fn)}(${text})`).then((r) => r.rows));
    const [mine] = await matches(a.tenantId, 'search_resource_ranked', word.slice(0, 6));
    expect(mine?.id).toBe(ids.resources[0]);
    // The name starts with what was typed: ts_rank plus 0.5.
    expect(Number(mine?.rank)).toBeGreaterThan(0.5);
    expect((await matches(b.tenantId, 'search_resource_ranked', word)).map((m) => m.id)).toEqual([ids.resources[1]]);
    expect((await matches(a.tenantId, 'search_space_ranked', `${word} ro`)).map((m) => m.id)).toEqual([ids.spaces[0]]);
    // No tenant set: nothing at all (fail closed), as under the policy.
    expect(await matches(undefined, 'search_resource_ranked', word)).toEqual([]);
    expect(await matches(undefined, 'search_space_ranked', word)).toEqual([]);
    // They run as their owner (security definer) and only the application role may call them.
    const [fn] = await withDb((db) =>
      db.execute<{ definer: boolean; public: boolean }>(q`select p.prosecdef as definer, has_function_privilege('public', p.oid, 'execute') as public from pg_proc p where p.proname = 'search_resource_ranked'`).then((r) => r.rows),
    );
    expect(fn).toEqual({ definer: true, public: false });
    // Each is planned for its call's text and tenant, never from a session's cached generic plan (0036).
    const configs = await withDb((db) =>
      db.execute<{ name: string; custom: boolean }>(q`select p.proname as name, 'plan_cache_mode=force_custom_plan' = any(p.proconfig) as custom from pg_proc p where p.proname like 'search\_%' and p.prosecdef order by 1`).then((r) => r.rows),
    );
    expect(configs).toEqual(['search_category_ids', 'search_contact_ids', 'search_resource_ranked', 'search_space_ranked', 'search_tag_ids'].map((name) => ({ name, custom: true })));
  });
});
