// Tag writes in Postgres (the request's transaction). Concurrency: a link takes the tag row's lock
// first (the upsert), then inserts the link and moves `usage_count` in one statement; an unlink
// deletes the link and moves the count in one statement (which locks the row), and only then may
// delete the tag, re-checking `usage_count = 0` under that lock. So the count is exact and a tag
// linked meanwhile is never deleted. Tags are locked in name order, so two bulk calls cannot deadlock.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { tagLinks, tags } from '../../../db/schema/tags';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { LinkRow, Owner, TagName, TagRow, TagTranslations } from './tags.model';

const jsonIds = (ids: readonly string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/**
 * The tags with these names, created when missing (owned by `owner`), each row locked for this
 * transaction. ON CONFLICT DO UPDATE waits for a concurrent unlink's lock and inserts anew if
 * that unlink deleted the tag.
 */
export async function upsertTags(ctx: ServiceContext, names: TagName[], owner: Owner, createdBy: string | null, persistent = false): Promise<TagRow[]> {
  if (!names.length) return [];
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const language = sql`(select default_language from tenants where id = ${tenantId})`;
  const sorted = [...names].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return db
    .insert(tags)
    .values(sorted.map((n) => ({ tenantId, name: n.name, displayName: n.display, language, ownerId: owner.id, ownerType: owner.type, createdBy, persistent })))
    .onConflictDoUpdate({ target: [tags.tenantId, tags.name], set: { updatedAt: sql`${tags.updatedAt}` } })
    .returning();
}

/** A new tag, or undefined when the name is taken. */
export async function insertTag(ctx: ServiceContext, n: TagName, owner: Owner, createdBy: string | null, persistent: boolean): Promise<TagRow | undefined> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const [row] = await db
    .insert(tags)
    .values({ tenantId, name: n.name, displayName: n.display, language: sql`(select default_language from tenants where id = ${tenantId})`, ownerId: owner.id, ownerType: owner.type, createdBy, persistent })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Links the (locked) tags to the entity; existing links stay. Counts and answers only the new links. */
export async function insertLinks(ctx: ServiceContext, tagIds: string[], entityType: string, entityId: string, createdBy: string | null): Promise<LinkRow[]> {
  if (!tagIds.length) return [];
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const res = await db.execute<{ id: string; tenant_id: string; tag_id: string; entity_type: string; entity_id: string; created_by: string | null; created_at: string | Date }>(sql`
    with l as (
      insert into ${tagLinks} (tenant_id, tag_id, entity_type, entity_id, created_by)
      select ${tenantId}, t.id, ${entityType}, ${entityId}, ${createdBy} from ${jsonIds(tagIds)} as t(id)
      on conflict (tag_id, entity_type, entity_id) do nothing
      returning *),
    u as (
      update ${tags} set usage_count = usage_count + 1, updated_at = now()
      from l where ${tags.id} = l.tag_id and ${tags.tenantId} = ${tenantId})
    select * from l`);
  return res.rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    tagId: r.tag_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  }));
}

/**
 * Links many entities at once (an import) to (locked) tags: one statement for all `pairs` (a jsonb
 * parameter), each tag's `usage_count` raised by its new links in the same statement; existing links stay.
 */
export async function insertLinksMany(ctx: ServiceContext, entityType: string, pairs: { entityId: string; tagId: string }[], createdBy: string | null): Promise<void> {
  if (!pairs.length) return;
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  await db.execute(sql`
    with l as (
      insert into ${tagLinks} (tenant_id, tag_id, entity_type, entity_id, created_by)
      select ${tenantId}, v.tag_id, ${entityType}, v.entity_id, ${createdBy}
      from jsonb_to_recordset(${JSON.stringify(pairs.map((p) => ({ entity_id: p.entityId, tag_id: p.tagId })))}::jsonb) as v(entity_id uuid, tag_id uuid)
      on conflict (tag_id, entity_type, entity_id) do nothing
      returning tag_id),
    n as (select tag_id, count(*)::int as n from l group by tag_id)
    update ${tags} set usage_count = usage_count + n.n, updated_at = now()
    from n where ${tags.id} = n.tag_id and ${tags.tenantId} = ${tenantId}`);
}

/**
 * Removes the entity's links to `tagIds` (all its links when undefined) and lowers the counts in
 * the same statement; then deletes the tags left unused and not persistent. Returns the links removed.
 */
export async function removeLinks(ctx: ServiceContext, entityType: string, entityId: string, tagIds?: string[]): Promise<number> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const only = tagIds ? sql`and tag_id in ${jsonIds(tagIds)}` : sql``;
  if (!tagIds) {
    // Many tags: lock them in name order first, as links do.
    await db
      .select({ id: tags.id })
      .from(tags)
      .where(ofTenant(tags.tenantId, tenantId, sql`${tags.id} in (select tag_id from ${tagLinks} where tenant_id = ${tenantId} and entity_type = ${entityType} and entity_id = ${entityId})`))
      .orderBy(asc(tags.name))
      .for('update');
  }
  const res = await db.execute<{ id: string; usage_count: number; persistent: boolean }>(sql`
    with d as (
      delete from ${tagLinks} where tenant_id = ${tenantId} and entity_type = ${entityType} and entity_id = ${entityId} ${only}
      returning tag_id)
    update ${tags} set usage_count = usage_count - 1, updated_at = now()
    from d where ${tags.id} = d.tag_id and ${tags.tenantId} = ${tenantId}
    returning ${tags.id} as id, ${tags.usageCount} as usage_count, ${tags.persistent} as persistent`);
  const unused = res.rows.filter((r) => Number(r.usage_count) === 0 && !r.persistent).map((r) => r.id);
  if (unused.length) {
    await db.delete(tags).where(ofTenant(tags.tenantId, tenantId, inArray(tags.id, unused), eq(tags.usageCount, 0), eq(tags.persistent, false)));
  }
  return res.rows.length;
}

export async function deleteTag(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  const rows = await db.delete(tags).where(ofTenant(tags.tenantId, tenantOf(ctx), eq(tags.id, id))).returning({ id: tags.id });
  return rows.length > 0;
}

/** Deletes unlinked non-persistent tags; rows a concurrent link holds are skipped (they are in use). */
export async function deleteUnused(ctx: ServiceContext): Promise<number> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const res = await db.execute(sql`
    delete from ${tags} where id in (
      select id from ${tags} where tenant_id = ${tenantId} and usage_count = 0 and not persistent for update skip locked)
    and usage_count = 0 and not persistent
    returning id`);
  return res.rows.length;
}

/** Locks the tenant's tags among `ids` (name order). */
export async function lockTags(ctx: ServiceContext, ids: string[]): Promise<TagRow[]> {
  const db = await ctx.db();
  return db.select().from(tags).where(ofTenant(tags.tenantId, tenantOf(ctx), inArray(tags.id, ids))).orderBy(asc(tags.name)).for('update');
}

export async function setPersistent(ctx: ServiceContext, ids: string[], persistent: boolean): Promise<TagRow[]> {
  if (!ids.length) return [];
  const db = await ctx.db();
  return db
    .update(tags)
    .set({ persistent, updatedAt: sql`now()` })
    .where(ofTenant(tags.tenantId, tenantOf(ctx), inArray(tags.id, ids)))
    .returning();
}

/** Sets the given locales' names (others are kept). */
export async function mergeTranslations(ctx: ServiceContext, id: string, t: TagTranslations): Promise<TagRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(tags)
    .set({ translations: sql`${tags.translations} || ${JSON.stringify(t)}::jsonb`, updatedAt: sql`now()` })
    .where(and(eq(tags.tenantId, tenantOf(ctx)), eq(tags.id, id)))
    .returning();
  return row;
}
