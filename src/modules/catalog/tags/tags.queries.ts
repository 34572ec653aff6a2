// Tag reads in Postgres: every statement filters by the caller's tenant (tenantOf) and is one
// statement, so a read route is one round trip with the caller check.
import { asc, desc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../../context';
import { tagLinks, tags } from '../../../db/schema/tags';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { likePattern } from '../../access/shared/like';
import type { LinkRow, ListFilter, TagRow } from './tags.model';

/** The display name in `language` when the tag has that translation, else its own. */
const localized = (language: string | undefined) =>
  language ? sql<string>`coalesce(${tags.translations} -> ${language} ->> 'name', ${tags.displayName})` : sql<string>`${tags.displayName}`;

export async function listTags(ctx: ServiceContext, f: ListFilter): Promise<{ rows: TagRow[]; total: number }> {
  const db = await ctx.db();
  const pattern = f.search ? likePattern(f.search) : undefined;
  const rows = await db
    .select({ tag: tags, display: localized(f.language), total: sql<number>`(count(*) over ())::int` })
    .from(tags)
    .where(
      ofTenant(
        tags.tenantId,
        tenantOf(ctx),
        pattern ? or(ilike(tags.name, pattern), ilike(tags.displayName, pattern)) : undefined,
        f.persistent === undefined ? undefined : eq(tags.persistent, f.persistent),
        f.owner_type ? eq(tags.ownerType, f.owner_type) : undefined,
      ),
    )
    .orderBy(asc(tags.name))
    .limit(f.limit)
    .offset(f.offset);
  // A page past the end has no row to carry the total; `total` is optional in the reference then.
  return { rows: rows.map((r) => ({ ...r.tag, displayName: r.display })), total: rows[0]?.total ?? -1 };
}

export async function findTag(ctx: ServiceContext, id: string): Promise<TagRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(tags).where(ofTenant(tags.tenantId, tenantOf(ctx), eq(tags.id, id)));
  return row;
}

export async function findTagByName(ctx: ServiceContext, name: string): Promise<TagRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(tags).where(ofTenant(tags.tenantId, tenantOf(ctx), eq(tags.name, name)));
  return row;
}

/** Most used tags first (the cloud index: tenant, usage_count desc, name). */
export async function cloud(ctx: ServiceContext, limit: number, minCount: number, language?: string) {
  const db = await ctx.db();
  return db
    .select({ id: tags.id, name: tags.name, display: localized(language), count: tags.usageCount })
    .from(tags)
    .where(ofTenant(tags.tenantId, tenantOf(ctx), gt(tags.usageCount, minCount - 1)))
    .orderBy(desc(tags.usageCount), asc(tags.name))
    .limit(limit);
}

/** Tags linked to each of the entities, by entity id (one statement). */
export async function tagsOf(ctx: ServiceContext, entityType: string, entityIds: readonly string[]): Promise<Map<string, TagRow[]>> {
  const out = new Map<string, TagRow[]>(entityIds.map((id) => [id, []]));
  if (!entityIds.length) return out;
  const db = await ctx.db();
  const rows = await db
    .select({ entityId: tagLinks.entityId, tag: tags })
    .from(tagLinks)
    .innerJoin(tags, eq(tags.id, tagLinks.tagId))
    .where(ofTenant(tagLinks.tenantId, tenantOf(ctx), eq(tagLinks.entityType, entityType), inArray(tagLinks.entityId, [...new Set(entityIds)])))
    .orderBy(asc(tags.name));
  for (const r of rows) out.get(r.entityId)?.push(r.tag);
  return out;
}

/** Links of a tag, newest first (optionally of one entity type). */
export async function linksOfTag(ctx: ServiceContext, tagId: string, f: { entity_type?: string; limit: number; offset: number }): Promise<LinkRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(tagLinks)
    .where(ofTenant(tagLinks.tenantId, tenantOf(ctx), eq(tagLinks.tagId, tagId), f.entity_type ? eq(tagLinks.entityType, f.entity_type) : undefined))
    .orderBy(desc(tagLinks.createdAt), asc(tagLinks.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function linksOf(ctx: ServiceContext, tagIds: string[], entityType: string, entityId: string): Promise<LinkRow[]> {
  if (!tagIds.length) return [];
  const db = await ctx.db();
  return db
    .select()
    .from(tagLinks)
    .where(ofTenant(tagLinks.tenantId, tenantOf(ctx), inArray(tagLinks.tagId, tagIds), eq(tagLinks.entityType, entityType), eq(tagLinks.entityId, entityId)));
}

/** The caller's tenant's base and additional languages. */

/**
 * For other areas' list filters: `entityIdColumn` (their row's id) is linked to a tag with one of
 * these normalized names (normalizeTagName). Add it to the list's where clause.
 */
export function hasTag(tenantId: string, entityType: string, entityIdColumn: PgColumn | SQL, names: readonly string[]): SQL {
  if (!names.length) return sql`true`;
  // Aliases: the outer query may itself read `tags` or `tag_links`.
  return sql`exists (select 1 from tag_links tl join tags tg on tg.id = tl.tag_id
    where tl.tenant_id = ${tenantId} and tl.entity_type = ${entityType} and tl.entity_id = ${entityIdColumn}
      and tg.name in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb)))`;
}
