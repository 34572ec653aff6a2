// Ratings and reviews in Postgres; every statement is filtered by the caller's tenant (ofTenant).
import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { feedbackRatings as fr, feedbackReviews as rv } from '../../../db/schema/feedback';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import type { Aggregates, EntityKey, ListFilter, RatingRow, RatingType, ReviewRow, Viewer } from './feedback.model';

const ofEntity = (ctx: ServiceContext, k: EntityKey, ...more: (SQL | undefined)[]) =>
  ofTenant(fr.tenantId, tenantOf(ctx), eq(fr.entityType, k.entityType), eq(fr.entityId, k.entityId), ...more);

// ---- ratings ---------------------------------------------------------------------------------

/** Inserts the caller's rating or, when they have one for this entity and type, updates it (unique index). */
export async function upsertRating(ctx: ServiceContext, userId: string, r: { entityType: EntityKey['entityType']; entityId: string; ratingType: RatingType; value: number; isPublic?: boolean }): Promise<RatingRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(fr)
    .values({ tenantId: tenantOf(ctx), userId, entityType: r.entityType, entityId: r.entityId, ratingType: r.ratingType, value: r.value, isPublic: r.isPublic ?? true })
    .onConflictDoUpdate({
      target: [fr.tenantId, fr.userId, fr.entityType, fr.entityId, fr.ratingType],
      // Visibility is kept unless given again.
      set: { value: r.value, ...(r.isPublic === undefined ? {} : { isPublic: r.isPublic }), updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

/** `user_id = author` when one is named (the author's own rows only), nothing otherwise. */
const byAuthor = (column: typeof fr.userId | typeof rv.userId, author: string | undefined) => (author ? eq(column, author) : undefined);

export async function ratingExists(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  return (await db.select({ id: fr.id }).from(fr).where(ofTenant(fr.tenantId, tenantOf(ctx), eq(fr.id, id)))).length > 0;
}

/** Changes rating `id` when `author` wrote it (undefined otherwise: the service tells 403 from 404). */
export async function updateRating(ctx: ServiceContext, id: string, author: string, set: { value?: number; isPublic?: boolean }): Promise<RatingRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.update(fr).set({ ...set, updatedAt: sql`now()` }).where(ofTenant(fr.tenantId, tenantOf(ctx), eq(fr.id, id), eq(fr.userId, author))).returning();
  return row;
}

/** Deletes a rating (only `author`'s when named); its review goes with it (foreign key cascade). */
export async function deleteRating(ctx: ServiceContext, id: string, author: string | undefined): Promise<RatingRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.delete(fr).where(ofTenant(fr.tenantId, tenantOf(ctx), eq(fr.id, id), byAuthor(fr.userId, author))).returning();
  return row;
}

/** Ratings are private to their author unless public; a moderator sees them all. */
const ratingVisible = (v: Viewer) => (v.all ? undefined : v.userId ? or(eq(fr.isPublic, true), eq(fr.userId, v.userId)) : eq(fr.isPublic, true));

export async function listRatings(ctx: ServiceContext, k: EntityKey, v: Viewer, f: ListFilter): Promise<RatingRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(fr)
    .where(ofEntity(ctx, k, f.rating_type ? eq(fr.ratingType, f.rating_type) : undefined, ratingVisible(v)))
    .orderBy(desc(fr.createdAt), desc(fr.id))
    .limit(f.limit)
    .offset(f.offset);
}

/** Every rating of the entity and type counts, private ones too: one statement over the entity index. */
export async function aggregates(ctx: ServiceContext, k: EntityKey, ratingType: RatingType): Promise<Aggregates> {
  const db = await ctx.db();
  const n = (cond: SQL) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);
  const [a] = await db
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      average: sql<number>`coalesce(round(avg(${fr.value}), 2), 0)`.mapWith(Number),
      pub: n(sql`${fr.isPublic}`),
      v1: n(sql`${fr.value} = 1`),
      v2: n(sql`${fr.value} = 2`),
      v3: n(sql`${fr.value} = 3`),
      v4: n(sql`${fr.value} = 4`),
      v5: n(sql`${fr.value} = 5`),
    })
    .from(fr)
    .where(ofEntity(ctx, k, eq(fr.ratingType, ratingType)));
  const r = a ?? { total: 0, average: 0, pub: 0, v1: 0, v2: 0, v3: 0, v4: 0, v5: 0 };
  return {
    total_count: r.total,
    average_rating: r.average,
    distribution: { 1: r.v1, 2: r.v2, 3: r.v3, 4: r.v4, 5: r.v5 },
    public_count: r.pub,
    private_count: r.total - r.pub,
  };
}

// ---- reviews ---------------------------------------------------------------------------------

/**
 * The caller's own rating `id` (a review needs one); undefined for someone else's or another
 * tenant's. FOR SHARE: a concurrent delete of the rating waits, then takes the new review with it.
 */
export async function ownRating(ctx: ServiceContext, userId: string, id: string): Promise<RatingRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(fr).where(ofTenant(fr.tenantId, tenantOf(ctx), eq(fr.id, id), eq(fr.userId, userId))).for('share');
  return row;
}

/** One review per rating: a second submission replaces its content (flags stay). */
export async function upsertReview(ctx: ServiceContext, r: { ratingId: string; userId: string; content: string; attachments: ReviewRow['attachments']; isPublic: boolean }): Promise<ReviewRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(rv)
    .values({ tenantId: tenantOf(ctx), ...r })
    .onConflictDoUpdate({ target: rv.ratingId, set: { content: r.content, attachments: r.attachments, isPublic: r.isPublic, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function reviewExists(ctx: ServiceContext, id: string): Promise<boolean> {
  const db = await ctx.db();
  return (await db.select({ id: rv.id }).from(rv).where(ofTenant(rv.tenantId, tenantOf(ctx), eq(rv.id, id)))).length > 0;
}

/** Changes review `id` (only `author`'s when named); undefined when there is no such row. */
export async function updateReview(ctx: ServiceContext, id: string, author: string | undefined, set: Partial<typeof rv.$inferInsert>): Promise<ReviewRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(rv)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(rv.tenantId, tenantOf(ctx), eq(rv.id, id), byAuthor(rv.userId, author)))
    .returning();
  return row;
}

export async function deleteReview(ctx: ServiceContext, id: string, author: string | undefined): Promise<ReviewRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.delete(rv).where(ofTenant(rv.tenantId, tenantOf(ctx), eq(rv.id, id), byAuthor(rv.userId, author))).returning();
  return row;
}

/** Others see public, unflagged reviews; authors their own too; moderators all. */
const reviewVisible = (v: Viewer) => {
  if (v.all) return undefined;
  const open = and(eq(rv.isPublic, true), eq(rv.isFlagged, false));
  return v.userId ? or(open, eq(rv.userId, v.userId)) : open;
};

/** Reviews of the entity's ratings, newest first. */
export async function listReviews(ctx: ServiceContext, k: EntityKey, v: Viewer, f: ListFilter): Promise<ReviewRow[]> {
  const db = await ctx.db();
  const rows = await db
    .select({ review: rv })
    .from(rv)
    .innerJoin(fr, eq(fr.id, rv.ratingId))
    .where(and(ofEntity(ctx, k, f.rating_type ? eq(fr.ratingType, f.rating_type) : undefined), eq(rv.tenantId, tenantOf(ctx)), reviewVisible(v)))
    .orderBy(desc(rv.createdAt), desc(rv.id))
    .limit(f.limit)
    .offset(f.offset);
  return rows.map((r) => r.review);
}
