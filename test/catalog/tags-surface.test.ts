// What other areas use (src/modules/catalog/tags/index.ts), run as a service would in their
// transaction, and the tag cloud over 100,000 links (read from its index, one round trip).
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Principal, ServiceContext } from '../../src/context';
import { groups } from '../../src/db/schema/access';
import { tags } from '../../src/db/schema/tags';
import { inTransaction } from '../../src/db/tx';
import { tagsTranslatable } from '../../src/modules/catalog/tags/tags.translatable';
import { hasTag, linkTagNames, normalizeTagName, tagsOf, unlinkEntityTags } from '../../src/modules/catalog/tags';
import { withDb, withJob } from '../helpers/db';
import { api, expectError, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

/** A service context of `who` on a job's handle (the platform path), as another area's service gets one. */
function asCaller<T>(who: SignedIn, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  return withJob((job) =>
    inTransaction(job, (tx) => {
      const p = { kind: 'user', userId: who.userId, tenantId: who.tenantId } as unknown as Principal;
      const ctx = Object.assign(Object.create(tx) as ServiceContext, { tenantId: who.tenantId, actor: p, principal: async () => p, audit: () => {}, ip: null });
      return fn(ctx);
    }),
  );
}

describe('the public surface for other areas', () => {
  it('links names (creating missing ones), reads tags of many entities in one query, filters by tag, and unlinks on entity delete', async () => {
    const owner = await newTenant();
    const [g1, g2, g3] = await withDb((db) =>
      db.insert(groups).values(['s1', 's2', 's3'].map((name) => ({ tenantId: owner.tenantId, name }))).returning({ id: groups.id }),
    ).then((r) => r.map((x) => x.id));
    await asCaller(owner, async (ctx) => {
      const links = await linkTagNames(ctx, 'group', g1!, ['Red', 'Blue ', 'red']);
      expect(links).toHaveLength(2);
      await linkTagNames(ctx, 'group', g2!, ['blue']);
    });
    await api('/api/v1/secure/taxonomy/tags/curated', { method: 'POST', headers: owner.auth, json: { tag_name: 'Green' } });
    await asCaller(owner, (ctx) => linkTagNames(ctx, 'group', g3!, ['green']));
    const byEntity = await asCaller(owner, (ctx) => tagsOf(ctx, 'group', [g1!, g2!, g3!, crypto.randomUUID()]));
    expect([...byEntity.values()].map((ts) => ts.map((t) => t.name))).toEqual([['blue', 'red'], ['blue'], ['green'], []]);

    const filtered = await withDb((db) =>
      db.select({ name: groups.name }).from(groups).where(sql`${groups.tenantId} = ${owner.tenantId} and ${hasTag(owner.tenantId, 'group', groups.id, [normalizeTagName(' BLUE')])}`).orderBy(groups.name),
    );
    expect(filtered.map((g) => g.name)).toEqual(['s1', 's2']);

    // Entity deletes: red goes (last link), blue stays (g2), green stays (persistent).
    expect(await asCaller(owner, (ctx) => unlinkEntityTags(ctx, 'group', g1!))).toBe(2);
    expect(await asCaller(owner, (ctx) => unlinkEntityTags(ctx, 'group', g3!))).toBe(1);
    const left = await withDb((db) => db.select({ name: tags.name, usage: tags.usageCount }).from(tags).where(eq(tags.tenantId, owner.tenantId)).orderBy(tags.name));
    expect(left).toEqual([{ name: 'blue', usage: 1 }, { name: 'green', usage: 0 }]);
    await expect(asCaller(owner, (ctx) => linkTagNames(ctx, 'group', g1!, ['  ']))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});

describe('the language sync source', () => {
  it('translates display names into a new language in pages, reports coverage and drops a removed language', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    for (const who of [owner, other]) {
      await api('/api/v1/secure/taxonomy/tags/link/bulk', { method: 'POST', headers: who.auth, json: { tag_names: ['Room', 'Desk'], entity_type: 'tenant', entity_id: who.tenantId } });
    }
    const upper = { name: 'upper', translate: async (r: { texts: string[] }) => r.texts.map((x) => x.toUpperCase()) };
    let done = 0;
    await withJob(async (ctx) => {
      expect(await tagsTranslatable.coverage(ctx, owner.tenantId)).toEqual({ total: 2, translated: 0 });
      expect(await tagsTranslatable.count(ctx, owner.tenantId)).toBe(2);
      await tagsTranslatable.translate(ctx, owner.tenantId, 'en', 'de', upper, async (n) => void (done += n));
      expect(await tagsTranslatable.coverage(ctx, owner.tenantId)).toEqual({ total: 2, translated: 2 });
    });
    expect(done).toBe(2);
    const rows = await withDb((db) => db.select().from(tags).where(inArray(tags.tenantId, [owner.tenantId, other.tenantId])).orderBy(tags.name));
    const mine = rows.filter((r) => r.tenantId === owner.tenantId).map((r) => r.translations);
    expect(mine).toEqual([{ de: { name: 'DESK' } }, { de: { name: 'ROOM' } }]);
    expect(rows.filter((r) => r.tenantId === other.tenantId).map((r) => r.translations)).toEqual([{}, {}]);
    expect(await withJob((ctx) => tagsTranslatable.remove(ctx, owner.tenantId, 'de'))).toBe(2);
    expect(await withJob((ctx) => tagsTranslatable.coverage(ctx, owner.tenantId))).toEqual({ total: 2, translated: 0 });
  });
});

describe('tag cloud at scale', () => {
  it('reads the most used of 2,000 tags with 100,000 links from the cloud index, in one round trip', async () => {
    const owner = await newTenant();
    const t = owner.tenantId;
    await withDb(async (db) => {
      // About 100,000 links: tag n gets 100 - n/20 of them (a long tail); the counts are set as links would set them.
      await db.execute(sql`
        insert into tags (tenant_id, name, display_name, language, owner_id, owner_type, usage_count)
        select ${t}, 'tag ' || lpad(i::text, 4, '0'), 'Tag ' || i, 'en', ${owner.userId}, 'user', greatest(1, 100 - i / 20) from generate_series(1, 2000) i`);
      // In slices: one statement of 100,000 rows outlasts the test driver's query timeout on a busy machine.
      for (let from = 0; from < 2000; from += 250) {
        await db.execute(sql`
          insert into tag_links (tenant_id, tag_id, entity_type, entity_id)
          select ${t}, tg.id, 'group', gen_random_uuid()
          from (select id, usage_count from tags where tenant_id = ${t} order by name offset ${from} limit 250) tg, generate_series(1, tg.usage_count) k`);
      }
      await db.execute(sql`analyze tags`);
    });
    const total = await withDb((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from tag_links where tenant_id = ${t}`));
    expect(Number(total.rows[0]!.n)).toBeGreaterThan(99_000);
    const plan = await withDb((db) =>
      db.execute<{ 'QUERY PLAN': string }>(sql`explain select id from tags where tenant_id = ${t} and usage_count > 0 order by usage_count desc, name limit 50`),
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('tags_cloud_idx');
    const cloud = () => api('/api/v1/secure/taxonomy/tags/cloud?limit=50', { headers: owner.auth });
    await cloud(); // warms the isolate's caches (the tenant's security policy), which are not the route's
    const started = Date.now();
    const res = await cloud();
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(50);
    expect(res.body.data[0].count).toBe(100);
    expect(roundTrips(res).roundTrips).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expectError(await api('/api/v1/secure/taxonomy/tags/cloud?limit=201', { headers: owner.auth }), 400);
  }, 120_000);
});
