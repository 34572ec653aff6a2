import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { categoryLinks } from '../../src/db/schema/categories';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const C = '/api/v1/secure/taxonomy/categories';

async function make(as: SignedIn, key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api(`${C}/`, { method: 'POST', headers: as.auth, json: { key, name: `Name ${key}`, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}
const group = (as: SignedIn, name: string) => api('/api/v1/secure/groups/create', { method: 'POST', headers: as.auth, json: { name } }).then((r) => r.body.data.id as string);
const link = (as: SignedIn, id: string, entity_type: string, entity_id: string) => api(`${C}/${id}/link`, { method: 'POST', headers: as.auth, json: { entity_type, entity_id } });
const linksOf = (categoryId: string) => withDb((db) => db.select().from(categoryLinks).where(eq(categoryLinks.categoryId, categoryId)));
const usage = async (as: SignedIn, id: string) => (await api(`${C}/${id}`, { headers: as.auth })).body.data.usage_count;

describe('category links', () => {
  it('links, re-links (the existing link), lists both ways, unlinks; usage_count stays exact', async () => {
    const owner = await newTenant();
    const cat = await make(owner, 'teams');
    const g = await group(owner, 'Team A');
    const first = await link(owner, cat, 'group', g);
    expect(first.status).toBe(201);
    expectReferenceShape('POST', `${C}/{id}/link`, first);
    expect(first.body.data).toMatchObject({ category_id: cat, entity_type: 'group', entity_id: g, created_by: owner.userId });
    const again = await link(owner, cat, 'group', g);
    expect(again.body.data.id).toBe(first.body.data.id);
    const t = roundTrips(again);
    console.log(`link: ${t.roundTrips} round trips (+${t.connect} to connect)`);
    await link(owner, cat, 'tenant', owner.tenantId);
    expect(await usage(owner, cat)).toBe(2);

    const ents = await api(`${C}/${cat}/entities`, { headers: owner.auth });
    expectReferenceShape('GET', `${C}/{id}/entities`, ents);
    expect(ents.body.data.map((l: { entity_type: string }) => l.entity_type).sort()).toEqual(['group', 'tenant']);
    expect(roundTrips(ents).roundTrips).toBe(1);
    expect((await api(`${C}/${cat}/entities?entity_type=group`, { headers: owner.auth })).body.data).toHaveLength(1);

    const of = await api(`${C}/entity?entity_type=group&entity_id=${g}`, { headers: owner.auth });
    expectReferenceShape('GET', `${C}/entity`, of);
    expect(of.body).toMatchObject({ returnedCount: 1, data: [{ id: cat, usage_count: 2 }] });
    expect(roundTrips(of).roundTrips).toBe(1);
    expect((await api(`${C}/entity?entity_type=tenant&entity_id=${owner.tenantId}`, { headers: owner.auth })).body.data.map((c: { id: string }) => c.id)).toEqual([cat]);
    expectError(await api(`${C}/entity`, { headers: owner.auth }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${C}/entity?entity_type=group`, { headers: owner.auth }), 400, 'VALIDATION_ERROR');

    const un = await api(`${C}/${cat}/unlink`, { method: 'DELETE', headers: owner.auth, json: { entity_type: 'group', entity_id: g } });
    expect(un.status).toBe(204);
    expect(await usage(owner, cat)).toBe(1);
    const twice = await api(`${C}/${cat}/unlink`, { method: 'DELETE', headers: owner.auth, json: { entity_type: 'group', entity_id: g } });
    expectError(twice, 404);
    expect(twice.body.details.reason).toBe('link_not_found');
  });

  it("404 for unknown types and another tenant's entities or categories, 403 when the entity is not the caller's to change; nothing written", async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const cat = await make(owner, 'mine');
    const theirCat = await make(other, 'theirs');
    const theirGroup = await group(other, 'Their group');
    for (const res of [
      await link(owner, cat, 'group', theirGroup),
      await link(owner, cat, 'tenant', other.tenantId),
      await link(owner, cat, 'space', crypto.randomUUID()),
      await link(owner, theirCat, 'tenant', owner.tenantId),
      await api(`${C}/${theirCat}/unlink`, { method: 'DELETE', headers: owner.auth, json: { entity_type: 'tenant', entity_id: owner.tenantId } }),
      await api(`${C}/${theirCat}/entities`, { headers: owner.auth }),
      await api(`${C}/entity?entity_type=group&entity_id=${theirGroup}`, { headers: owner.auth }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('Their group');
    }
    const member = await addMember(owner.tenantId, 'member');
    const forbidden = await link(member, cat, 'tenant', owner.tenantId);
    expectError(forbidden, 403);
    expect(forbidden.body.details.reason).toBe('entity_not_writable');
    expectError(await link(owner, cat, 'widget', owner.tenantId), 400, 'VALIDATION_ERROR');
    expectError(await link(owner, cat, 'group', 'not-a-uuid'), 400);
    expectError(await api(`${C}/${cat}/link`, { method: 'POST', json: { entity_type: 'tenant', entity_id: owner.tenantId } }), 401);
    expect(await linksOf(cat)).toEqual([]);
    expect(await linksOf(theirCat)).toEqual([]);
  });

  it('delete: 409 with children, 422 without a replacement when linked; links move without duplicates', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const parent = await make(owner, 'parent');
    const child = await make(owner, 'child', { parent_id: parent });
    const target = await make(owner, 'target');
    const theirs = await make(other, 'theirs');
    const [g1, g2] = [await group(owner, 'G1'), await group(owner, 'G2')];
    await link(owner, child, 'group', g1);
    await link(owner, child, 'group', g2);
    await link(owner, target, 'group', g1); // already on the replacement: must not be duplicated

    const withChildren = await api(`${C}/${parent}`, { method: 'DELETE', headers: owner.auth, json: {} });
    expectError(withChildren, 409);
    expect(withChildren.body.details.reason).toBe('category_has_children');
    const noReplacement = await api(`${C}/${child}`, { method: 'DELETE', headers: owner.auth });
    expectError(noReplacement, 422);
    expect(noReplacement.body.details.reason).toBe('replacement_required');
    const self = await api(`${C}/${child}`, { method: 'DELETE', headers: owner.auth, json: { replacement_category_id: child } });
    expect(self.body.details.reason).toBe('replacement_invalid');
    expectError(await api(`${C}/${child}`, { method: 'DELETE', headers: owner.auth, json: { replacement_category_id: theirs } }), 404);
    expect(await linksOf(child)).toHaveLength(2);

    const res = await api(`${C}/${child}`, { method: 'DELETE', headers: owner.auth, json: { replacement_category_id: target } });
    expect(res.status).toBe(200);
    expectReferenceShape('DELETE', `${C}/{id}`, res);
    expect(res.body.data).toEqual({ deleted: true, relinked_count: 1, replacement_category_id: target });
    expect((await linksOf(target)).map((l) => l.entityId).sort()).toEqual([g1, g2].sort());
    expect(await usage(owner, target)).toBe(2);
    expectError(await api(`${C}/${child}`, { headers: owner.auth }), 404);
    const leaf = await api(`${C}/${parent}`, { method: 'DELETE', headers: owner.auth, json: {} });
    expect(leaf.body.data).toEqual({ deleted: true, relinked_count: 0, replacement_category_id: null });
  });
});
