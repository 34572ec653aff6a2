// Export pages and import lookups of spaces: one statement per page (category keys and tag names
// aggregated per space), and the tenant's spaces, categories and tags a file refers to.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { categories } from '../../../db/schema/categories';
import { spaces } from '../../../db/schema/spaces';
import { tags } from '../../../db/schema/tags';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { SpaceRow } from './spaces.model';

const SPACE_ID = sql.raw('"spaces"."id"');

export async function exportPage(ctx: ServiceContext, limit: number, offset: number) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const rows = await db
    .select({
      row: spaces,
      categoryKeys: sql<string | null>`(select string_agg(c.key, ',' order by c.key) from category_links cl join categories c on c.id = cl.category_id where cl.tenant_id = ${t} and cl.entity_type = 'space' and cl.entity_id = ${SPACE_ID})`,
      tagNames: sql<string | null>`(select string_agg(tg.name, ',' order by tg.name) from tag_links tl join tags tg on tg.id = tl.tag_id where tl.tenant_id = ${t} and tl.entity_type = 'space' and tl.entity_id = ${SPACE_ID})`,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(spaces)
    .where(eq(spaces.tenantId, t))
    .orderBy(desc(spaces.customOrder), asc(spaces.name), asc(spaces.id))
    .limit(limit)
    .offset(offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** What an import refers to, in one round trip: spaces by id, categories by key, tags by name. */
export async function lookups(ctx: ServiceContext, ids: string[], keys: string[], names: string[]) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const [found, cats, tagRows] = await Promise.all([
    ids.length ? db.select().from(spaces).where(ofTenant(spaces.tenantId, t, inArray(spaces.id, ids))) : Promise.resolve([] as SpaceRow[]),
    keys.length ? db.select({ id: categories.id, key: categories.key }).from(categories).where(and(eq(categories.tenantId, t), inArray(categories.key, keys))) : Promise.resolve([]),
    names.length ? db.select({ id: tags.id, name: tags.name }).from(tags).where(and(eq(tags.tenantId, t), inArray(tags.name, names))) : Promise.resolve([]),
  ]);
  return { spaces: new Map(found.map((s) => [s.id, s])), categories: new Map(cats.map((c) => [c.key, c.id])), tags: new Set(tagRows.map((x) => x.name)) };
}
