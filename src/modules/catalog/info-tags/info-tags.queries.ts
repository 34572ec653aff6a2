// Info tags in Postgres. The table mixes system rows (tenant_id null, every tenant reads them) and
// tenant rows, so reads filter "the caller's tenant or system" explicitly; writes touch only the
// caller's tenant's rows (ofTenant). Row-level security mirrors that (drizzle/0020).
import { and, asc, eq, inArray, isNull, notExists, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BaseContext, ServiceContext } from '../../../context';
import { infoTags } from '../../../db/schema/feedback';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { InfoTagFilter, InfoTagRow } from './info-tags.model';
import { tenantLanguages as languagesOf } from '../shared/languages';

const live = isNull(infoTags.deletedAt);
const ownOrSystem = (tenantId: string) => or(eq(infoTags.tenantId, tenantId), isNull(infoTags.tenantId));

/** A page of what the tenant sees: its own live tags and the system tags none of its own shadows. */
export async function listVisible(ctx: ServiceContext, f: InfoTagFilter): Promise<{ rows: InfoTagRow[]; total: number }> {
  const tenantId = tenantOf(ctx);
  const db = await ctx.db();
  const own = alias(infoTags, 'own');
  const shadowed = db
    .select({ one: sql`1` })
    .from(own)
    .where(and(eq(own.tenantId, tenantId), eq(own.key, infoTags.key), isNull(own.deletedAt)));
  const where = and(live, or(eq(infoTags.tenantId, tenantId), and(isNull(infoTags.tenantId), notExists(shadowed))), f.keys ? inArray(infoTags.key, f.keys) : undefined);
  // One statement: the page and the total of all matches.
  const rows = await db
    .select({ tag: infoTags, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(infoTags)
    .where(where)
    .orderBy(asc(infoTags.key), asc(infoTags.tenantId))
    .limit(f.limit)
    .offset(f.offset);
  const total = rows[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(infoTags).where(where))[0]?.n ?? 0) : 0);
  return { rows: rows.map((r) => r.tag), total };
}

/** A live tag the tenant may read (its own or a system one). */
export async function findVisible(ctx: ServiceContext, id: string): Promise<InfoTagRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(infoTags).where(and(eq(infoTags.id, id), live, ownOrSystem(tenantOf(ctx))));
  return row;
}

/** Whether `id` is a live system tag (to tell "read-only" from "not found"). */
export async function isSystemTag(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  const [row] = await db.select({ id: infoTags.id }).from(infoTags).where(and(eq(infoTags.id, id), live, isNull(infoTags.tenantId)));
  return !!row;
}

/** The new tag, or undefined when the tenant already has a live tag with this key (unique index). */
export async function insertTag(ctx: ServiceContext, values: Omit<typeof infoTags.$inferInsert, 'tenantId'>): Promise<InfoTagRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.insert(infoTags).values({ ...values, tenantId: tenantOf(ctx) }).onConflictDoNothing().returning();
  return row;
}

/** Changes a live tag of the tenant; undefined when it has none with this id. */
export async function updateTag(ctx: ServiceContext, id: string, set: Partial<typeof infoTags.$inferInsert>): Promise<InfoTagRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(infoTags)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(infoTags.tenantId, tenantOf(ctx), eq(infoTags.id, id), live))
    .returning();
  return row;
}

/** Soft delete (the key is free again); false when the tenant has no live tag with this id. */
export async function softDelete(ctx: ServiceContext, id: string, by: string | null): Promise<boolean> {
  const db = await ctx.db();
  const rows = await db
    .update(infoTags)
    .set({ deletedAt: sql`now()`, deletedBy: by, updatedAt: sql`now()` })
    .where(ofTenant(infoTags.tenantId, tenantOf(ctx), eq(infoTags.id, id), live))
    .returning({ id: infoTags.id });
  return rows.length > 0;
}

/** The tenant's base language and its other languages (what translations may name). */
export async function tenantLanguages(ctx: ServiceContext): Promise<{ base: string; others: string[] }> {
  const l = await languagesOf(ctx);
  return { base: l.base, others: l.additional };
}

/** Live system tags among `keys` (public routes, platform path). */
export async function systemTagsByKeys(ctx: BaseContext, keys: readonly string[]): Promise<InfoTagRow[]> {
  const db = await ctx.db();
  const where: SQL | undefined = and(isNull(infoTags.tenantId), live, inArray(infoTags.key, [...keys]));
  return db.select().from(infoTags).where(where);
}
