// Export pages, import lookups and the import's batched writes of spaces: one statement per page
// (category keys and tag names aggregated per space), the tenant's spaces, categories and tags a
// file refers to in one round trip, inserts 1000 rows per statement and all updates in one statement.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { categories } from '../../../db/schema/categories';
import { spaces } from '../../../db/schema/spaces';
import { tags } from '../../../db/schema/tags';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { tenants } from '../../../db/schema/accounts';
import { batches } from '../../../lib/transfer/batches';
import type { SpaceRow, SpaceTranslations } from './spaces.model';

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

export type NewSpaceRow = Omit<typeof spaces.$inferInsert, 'tenantId' | 'language'> & { language?: string };

/** Inserts in batches (lib/transfer/batches.ts), the tenant's base language where a row names none; the new ids in input order. */
export async function insertMany(ctx: ServiceContext, values: NewSpaceRow[]): Promise<string[]> {
  if (!values.length) return [];
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const language = sql`(select ${tenants.defaultLanguage} from ${tenants} where ${tenants.id} = ${t})`;
  const out: string[] = [];
  for (const batch of batches(values)) {
    const rows = await db.insert(spaces).values(batch.map((v) => ({ ...v, tenantId: t, language: v.language ?? language }))).returning({ id: spaces.id });
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

export interface SpaceUpdate {
  id: string;
  name: string;
  description: string | null;
  language?: string;
  type: string;
  status: string;
  homeLat: number | null;
  homeLng: number | null;
  translations: SpaceTranslations;
}

/** Every update in one statement (a row without a language keeps the stored one). */
export async function updateMany(ctx: ServiceContext, rows: SpaceUpdate[]): Promise<void> {
  if (!rows.length) return;
  const db = await ctx.db();
  const json = rows.map((r) => ({ id: r.id, name: r.name, description: r.description, language: r.language ?? null, type: r.type, status: r.status, lat: r.homeLat, lng: r.homeLng, translations: r.translations }));
  await db.execute(sql`
    update ${spaces} set name = v.name, description = v.description, language = coalesce(v.language, ${spaces.language}), type = v.type, status = v.status,
      home_lat = v.lat, home_lng = v.lng, translations_i18n = v.translations, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as v(id uuid, name text, description text, language text, type text, status text, lat float8, lng float8, translations jsonb)
    where ${spaces.id} = v.id and ${spaces.tenantId} = ${tenantOf(ctx)}`);
}
