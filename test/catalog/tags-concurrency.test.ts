// Concurrent links and unlinks of one tag: `usage_count` always equals the link rows, and a tag
// is deleted only when its last link goes (never one linked meanwhile).
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tags } from '../../src/db/schema/tags';
import { withDb } from '../helpers/db';
import { api } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const T = '/api/v1/secure/taxonomy/tags';
const link = (who: SignedIn, entity_type: string, entity_id: string, tag_name = 'hot') => api(`${T}/link`, { method: 'POST', headers: who.auth, json: { tag_name, entity_type, entity_id } });
const unlink = (who: SignedIn, id: string, entity_type: string, entity_id: string) => api(`${T}/${id}/unlink`, { method: 'DELETE', headers: who.auth, json: { entity_type, entity_id } });

/** Every tag of the tenant with its count and its real number of links. */
const state = (tenantId: string) =>
  withDb(async (db) =>
    db
      .select({ id: tags.id, name: tags.name, usage: tags.usageCount, persistent: tags.persistent, links: sql<number>`(select count(*)::int from tag_links l where l.tag_id = tags.id)` })
      .from(tags)
      .where(eq(tags.tenantId, tenantId)),
  );

async function expectConsistent(tenantId: string) {
  for (const t of await state(tenantId)) {
    expect(t.usage, `usage_count of ${t.name}`).toBe(t.links);
    if (!t.persistent) expect(t.links, `${t.name} survives without links`).toBeGreaterThan(0);
  }
}

describe('tags under concurrency', () => {
  it('keeps usage_count exact and never deletes a tag linked meanwhile', async () => {
    const owner = await newTenant();
    const groups: string[] = [];
    for (const name of ['g1', 'g2', 'g3']) groups.push((await api('/api/v1/secure/groups/create', { method: 'POST', headers: owner.auth, json: { name } })).body.data.id);
    for (let round = 0; round < 8; round++) {
      const first = await link(owner, 'tenant', owner.tenantId);
      expect(first.status).toBe(201);
      const tagId = first.body.data.tag_id;
      // The last link goes while others arrive: either order must leave a consistent state.
      const results = await Promise.all([
        unlink(owner, tagId, 'tenant', owner.tenantId),
        link(owner, 'group', groups[0]!),
        link(owner, 'group', groups[1]!),
        unlink(owner, tagId, 'tenant', owner.tenantId),
        link(owner, 'group', groups[2]!),
      ]);
      for (const r of results) expect([201, 204, 404], JSON.stringify(r.body)).toContain(r.status);
      expect(results.filter((r) => r.status === 204)).toHaveLength(1);
      await expectConsistent(owner.tenantId);
      const [hot] = await state(owner.tenantId);
      expect(hot).toMatchObject({ name: 'hot', usage: 3 });
      // Now all three go at once: the tag goes with the last one.
      const gone = await Promise.all(groups.map((g) => unlink(owner, hot!.id, 'group', g)));
      expect(gone.map((r) => r.status)).toEqual([204, 204, 204]);
      expect(await state(owner.tenantId)).toEqual([]);
    }
  }, 120_000);

  it('concurrent first links of one name make one tag; overlapping bulk links do not deadlock', async () => {
    const owner = await newTenant();
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) ids.push((await api('/api/v1/secure/groups/create', { method: 'POST', headers: owner.auth, json: { name } })).body.data.id);
    const res = await Promise.all(ids.map((g, i) => link(owner, 'group', g, i % 2 ? 'New Tag' : 'new tag ')));
    expect(res.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(res.map((r) => r.body.data.tag_id)).size).toBe(1);
    const bulk = (g: string, tag_names: string[]) => api(`${T}/link/bulk`, { method: 'POST', headers: owner.auth, json: { tag_names, entity_type: 'group', entity_id: g } });
    for (let round = 0; round < 3; round++) {
      const out = await Promise.all([bulk(ids[0]!, ['x', 'y', 'z']), bulk(ids[1]!, ['z', 'y', 'x']), bulk(ids[2]!, ['y', 'z', 'x']), bulk(ids[3]!, ['x', 'z'])]);
      expect(out.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    }
    await expectConsistent(owner.tenantId);
    const byName = new Map((await state(owner.tenantId)).map((t) => [t.name, t.usage]));
    expect(Object.fromEntries(byName)).toEqual({ 'new tag': 4, x: 4, y: 3, z: 4 });
  }, 120_000);
});
