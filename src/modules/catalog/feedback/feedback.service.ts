// Feedback on an entity (`app` = the caller's tenant, `booking`, `resource`, `space`; resolved by
// the entity registry, so unknown types and other tenants' ids are 404): ratings (whole 1..5, one
// per user, entity and rating type: a second submission updates it) and reviews (one per rating,
// on the author's own rating only; deleted with it). Only authors change their feedback; authors
// and moderators (`feedback:moderate`) delete it; moderators flag reviews. Lists show private and
// flagged feedback only to its author and to moderators; aggregates count every rating.
import type { Principal, ServiceContext, UserPrincipal } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { invalidFields, requireSomeChange } from '../../../lib/validation';
import { findEntity } from '../entities';
import { MAX_VALUE, MIN_VALUE, REGISTRY_TYPE, type Aggregates, type EntityKey, type ListFilter, type RatingInput, type RatingRow, type RatingType, type ReviewInput, type ReviewPatch, type ReviewRow, type Viewer } from './feedback.model';
import * as q from './feedback.queries';

const isModerator = (p: Principal) => p.permissions.has('feedback:moderate');

/** The entity feedback is about, or 404 (unknown type, unknown id, another tenant's). */
const entityOf = (ctx: ServiceContext, k: EntityKey) => findEntity(ctx, REGISTRY_TYPE[k.entityType], k.entityId);

function checkValue(value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= MIN_VALUE && value <= MAX_VALUE)) {
    throw invalidFields('body', { value: [`A whole number from ${MIN_VALUE} to ${MAX_VALUE}`] });
  }
}

const notAuthor = (what: string) => new ApiError('FORBIDDEN', `Only its author can change this ${what}`, { reason: 'NOT_AUTHOR' });
const mayDelete = (p: UserPrincipal, row: { userId: string }) => row.userId === p.userId || isModerator(p);

// ---- ratings ---------------------------------------------------------------------------------

export async function submitRating(ctx: ServiceContext, p: UserPrincipal, input: RatingInput): Promise<RatingRow> {
  checkValue(input.value);
  await entityOf(ctx, input);
  const row = await q.upsertRating(ctx, p.userId, input);
  ctx.audit({ action: 'feedback.rating.submit', resourceType: 'feedback_rating', resourceId: row.id, details: { entityType: row.entityType, entityId: row.entityId, ratingType: row.ratingType, value: row.value } });
  return row;
}

async function lockedRating(ctx: ServiceContext, id: string): Promise<RatingRow> {
  const row = await q.lockRating(ctx, id);
  if (!row) throw notFound('Rating');
  return row;
}

export async function updateRating(ctx: ServiceContext, p: UserPrincipal, id: string, body: { value?: number; isPublic?: boolean }): Promise<RatingRow> {
  requireSomeChange(body);
  checkValue(body.value);
  const row = await lockedRating(ctx, id);
  if (row.userId !== p.userId) throw notAuthor('rating');
  const updated = await q.updateRating(ctx, id, { value: body.value, isPublic: body.isPublic });
  ctx.audit({ action: 'feedback.rating.update', resourceType: 'feedback_rating', resourceId: id, details: body });
  return updated;
}

export async function deleteRating(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<void> {
  const row = await lockedRating(ctx, id);
  if (!mayDelete(p, row)) throw new ApiError('FORBIDDEN', 'Only its author or a moderator can delete this rating', { reason: 'NOT_AUTHOR' });
  await q.deleteRating(ctx, id);
  ctx.audit({ action: 'feedback.rating.delete', resourceType: 'feedback_rating', resourceId: id, details: { authorId: row.userId, entityType: row.entityType, entityId: row.entityId } });
}

// ---- reviews ---------------------------------------------------------------------------------

export async function submitReview(ctx: ServiceContext, p: UserPrincipal, input: ReviewInput): Promise<ReviewRow> {
  const rating = await q.ownRating(ctx, p.userId, input.ratingId);
  if (!rating) throw new ApiError('NOT_FOUND', 'Rating not found: a review needs your own rating', { reason: 'RATING_NOT_FOUND' });
  // Without `isPublic` a review is as visible as the rating it explains.
  const row = await q.upsertReview(ctx, { ratingId: rating.id, userId: p.userId, content: input.content, attachments: input.attachments ?? [], isPublic: input.isPublic ?? rating.isPublic });
  ctx.audit({ action: 'feedback.review.submit', resourceType: 'feedback_review', resourceId: row.id, details: { ratingId: rating.id } });
  return row;
}

async function lockedReview(ctx: ServiceContext, id: string): Promise<ReviewRow> {
  const row = await q.lockReview(ctx, id);
  if (!row) throw notFound('Review');
  return row;
}

export async function updateReview(ctx: ServiceContext, p: UserPrincipal, id: string, body: ReviewPatch): Promise<ReviewRow> {
  requireSomeChange(body);
  const row = await lockedReview(ctx, id);
  if (row.userId !== p.userId) throw notAuthor('review');
  const updated = await q.updateReview(ctx, id, { content: body.content, attachments: body.attachments, isPublic: body.isPublic });
  ctx.audit({ action: 'feedback.review.update', resourceType: 'feedback_review', resourceId: id, details: { fields: Object.keys(body) } });
  return updated;
}

export async function deleteReview(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<void> {
  const row = await lockedReview(ctx, id);
  if (!mayDelete(p, row)) throw new ApiError('FORBIDDEN', 'Only its author or a moderator can delete this review', { reason: 'NOT_AUTHOR' });
  await q.deleteReview(ctx, id);
  ctx.audit({ action: 'feedback.review.delete', resourceType: 'feedback_review', resourceId: id, details: { authorId: row.userId, ratingId: row.ratingId } });
}

/** A moderator flags a review (the route requires `feedback:moderate`): hidden from everyone but its author and moderators. */
export async function flagReview(ctx: ServiceContext, p: UserPrincipal, id: string, reason: string): Promise<ReviewRow> {
  if (!reason.trim()) throw invalidFields('body', { reason: ['Say why the review is flagged'] });
  await lockedReview(ctx, id);
  const updated = await q.updateReview(ctx, id, { isFlagged: true, flaggedReason: reason.trim(), flaggedAt: new Date(), flaggedBy: p.userId });
  ctx.audit({ action: 'feedback.review.flag', resourceType: 'feedback_review', resourceId: id, details: { reason: reason.trim() } });
  return updated;
}

// ---- reads (one round trip, with the caller check) -------------------------------------------

/**
 * Reads what a moderator and what anyone else would see while the caller check runs (one batch),
 * answering the one the caller's permissions allow; `as` is who the credentials name.
 */
async function visibleTo<T>(ctx: ServiceContext, as: { userId?: string }, k: EntityKey, read: (v: Viewer) => Promise<T>): Promise<T> {
  const own: Viewer = { all: false, userId: as.userId };
  if (ctx.actor) return (await Promise.all([read(isModerator(ctx.actor) ? { all: true } : own), entityOf(ctx, k)]))[0];
  const [all, mine, p] = await Promise.all([read({ all: true }), read(own), ctx.principal(), entityOf(ctx, k)]);
  return isModerator(p) ? all : mine;
}

export const listRatings = (ctx: ServiceContext, as: { userId?: string }, k: EntityKey, f: ListFilter) => visibleTo(ctx, as, k, (v) => q.listRatings(ctx, k, v, f));
export const listReviews = (ctx: ServiceContext, as: { userId?: string }, k: EntityKey, f: ListFilter) => visibleTo(ctx, as, k, (v) => q.listReviews(ctx, k, v, f));

export async function entityAggregates(ctx: ServiceContext, k: EntityKey, ratingType: RatingType): Promise<Aggregates> {
  const [a] = await Promise.all([q.aggregates(ctx, k, ratingType), entityOf(ctx, k)]);
  return a;
}
