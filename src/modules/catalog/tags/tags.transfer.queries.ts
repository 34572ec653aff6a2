// The tags file import and export in Postgres: the caller's tenant only (tenantOf); writes are
// set-based, in batches of 1000 rows (one statement per batch, not per row).
import { asc, inArray, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { tags } from '../../../db/schema/tags';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { TagRow, TagTranslations } from './tags.model';
import { batches } from '../../../lib/transfer/batches';


/** A page of the tenant's tags by name, and how many there are (one statement). */
export async function exportPage(ctx: ServiceContext, limit: number, offset: number): Promise<{ rows: TagRow[]; total: number }> {
  const db = await ctx.db();
  const rows = await db
    .select({ tag: tags, total: sql<number>`(count(*) over ())::int` })
    .from(tags)
    .where(ofTenant(tags.tenantId, tenantOf(ctx)))
    .orderBy(asc(tags.name), asc(tags.id))
    .limit(limit)
    .offset(offset);
  return { rows: rows.map((r) => r.tag), total: rows[0]?.total ?? 0 };
}

/** The tenant's tags with one of these ids or normalized names. */
export async function tagsMatching(ctx: ServiceContext, ids: string[], names: string[]): Promise<TagRow[]> {
  if (!ids.length && !names.length) return [];
  const db = await ctx.db();
  return db
    .select()
    .from(tags)
    .where(ofTenant(tags.tenantId, tenantOf(ctx), or(ids.length ? inArray(tags.id, ids) : undefined, names.length ? inArray(tags.name, names) : undefined)));
}

export interface NewTag {
  name: string;
  displayName: string;
  persistent: boolean;
  translations: TagTranslations;
}

export async function insertTags(ctx: ServiceContext, rows: NewTag[], ownerId: string): Promise<number> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  const language = sql`(select default_language from tenants where id = ${tenantId})`;
  let n = 0;
  for (const chunk of batches(rows)) {
    const done = await db
      .insert(tags)
      .values(chunk.map((r) => ({ ...r, tenantId, language, ownerId, ownerType: 'user' as const, createdBy: ownerId })))
      .onConflictDoNothing()
      .returning({ id: tags.id });
    n += done.length;
  }
  return n;
}

export interface TagUpdate extends NewTag {
  id: string;
}

export async function updateTags(ctx: ServiceContext, rows: TagUpdate[]): Promise<void> {
  const db = await ctx.db();
  const tenantId = tenantOf(ctx);
  for (const chunk of batches(rows)) {
    const json = JSON.stringify(chunk.map((r) => ({ id: r.id, name: r.name, display_name: r.displayName, persistent: r.persistent, translations: r.translations })));
    await db.execute(sql`
      update ${tags} t set name = r.name, display_name = r.display_name, persistent = r.persistent,
             translations_i18n = r.translations, updated_at = now()
      from jsonb_to_recordset(${json}::jsonb) as r(id uuid, name text, display_name text, persistent boolean, translations jsonb)
      where t.id = r.id and t.tenant_id = ${tenantId}`);
  }
}
