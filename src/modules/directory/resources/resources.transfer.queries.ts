// Export pages, import lookups and the import's batched writes of resources: one statement per
// page (category keys and tag names aggregated per resource), one round trip of lookups, inserts
// 1000 rows per statement and all updates in one jsonb_to_recordset statement.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { categories } from '../../../db/schema/categories';
import { resources } from '../../../db/schema/resources';
import { spaces } from '../../../db/schema/spaces';
import { tags } from '../../../db/schema/tags';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { ResourceRow } from './resources.model';
import { insertResources, type NewResource } from './resources.queries';
import { batches } from '../../../lib/transfer/batches';

const RES_ID = sql.raw('"resources"."id"');

export async function exportPage(ctx: ServiceContext, limit: number, offset: number) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const rows = await db
    .select({
      row: resources,
      categoryKeys: sql<string | null>`(select string_agg(c.key, ',' order by c.key) from category_links cl join categories c on c.id = cl.category_id where cl.tenant_id = ${t} and cl.entity_type = 'resource' and cl.entity_id = ${RES_ID})`,
      tagNames: sql<string | null>`(select string_agg(tg.name, ',' order by tg.name) from tag_links tl join tags tg on tg.id = tl.tag_id where tl.tenant_id = ${t} and tl.entity_type = 'resource' and tl.entity_id = ${RES_ID})`,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(resources)
    .where(eq(resources.tenantId, t))
    .orderBy(desc(resources.customOrder), asc(resources.name), asc(resources.id))
    .limit(limit)
    .offset(offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** What an import refers to, in one round trip: resources and spaces by id, categories by key, tags by name. */
export async function lookups(ctx: ServiceContext, ids: string[], spaceIds: string[], keys: string[], names: string[]) {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const [found, sp, cats, tagRows] = await Promise.all([
    ids.length ? db.select().from(resources).where(ofTenant(resources.tenantId, t, inArray(resources.id, ids))) : Promise.resolve([] as ResourceRow[]),
    spaceIds.length ? db.select({ id: spaces.id }).from(spaces).where(ofTenant(spaces.tenantId, t, inArray(spaces.id, spaceIds))) : Promise.resolve([]),
    keys.length ? db.select({ id: categories.id, key: categories.key }).from(categories).where(and(eq(categories.tenantId, t), inArray(categories.key, keys))) : Promise.resolve([]),
    names.length ? db.select({ id: tags.id, name: tags.name }).from(tags).where(and(eq(tags.tenantId, t), inArray(tags.name, names))) : Promise.resolve([]),
  ]);
  return { resources: new Map(found.map((r) => [r.id, r])), spaces: new Set(sp.map((s) => s.id)), categories: new Map(cats.map((c) => [c.key, c.id])), tags: new Set(tagRows.map((x) => x.name)) };
}

/** Inserts in batches (lib/transfer/batches.ts); the new ids in input order. */
export async function insertMany(ctx: ServiceContext, values: NewResource[]): Promise<string[]> {
  const out: string[] = [];
  for (const batch of batches(values)) out.push(...(await insertResources(ctx, batch)).map((r) => r.id));
  return out;
}

export interface ResourceUpdate {
  id: string;
  name: string;
  description: string | null;
  language: string | null;
  status: string;
  space_id: string | null;
  lat: number | null;
  lng: number | null;
  translations: Record<string, unknown>;
}

/** Every update in one statement. */
export async function updateMany(ctx: ServiceContext, rows: ResourceUpdate[]): Promise<void> {
  if (!rows.length) return;
  const db = await ctx.db();
  await db.execute(sql`
    update ${resources} set name = v.name, description = v.description, language = coalesce(v.language, ${resources.language}), status = v.status,
      space_id = v.space_id, current_lat = v.lat, current_lng = v.lng, translations_i18n = v.translations, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, name text, description text, language text, status text, space_id uuid, lat float8, lng float8, translations jsonb)
    where ${resources.id} = v.id and ${resources.tenantId} = ${tenantOf(ctx)}`);
}
