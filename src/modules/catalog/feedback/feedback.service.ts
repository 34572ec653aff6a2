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

/**
 * Changes and deletes go straight to the row, limited to the caller's own unless they moderate (one
 * statement); only when nothing matched is the row looked for, to tell 403 (someone else's) from 404.
 */
async function refusal(exists: Promise<boolean>, what: string, action: 'change' | 'delete'): Promise<never> {
  const who = action === 'delete' ? 'its author or a moderator' : 'its author';
  if (await exists) throw new ApiError('FORBIDDEN', `Only ${who} can ${action} this ${what}`, { reason: 'NOT_AUTHOR' });
  throw notFound(what.charAt(0).toUpperCase() + what.slice(1));
}
/** Moderators delete anyone's feedback; others only their own. */
const deletableBy = (p: UserPrincipal) => (isModerator(p) ? undefined : p.userId);

// ---- ratings ---------------------------------------------------------------------------------

export async function submitRating(ctx: ServiceContext, p: UserPrincipal, input: RatingInput): Promise<RatingRow> {
  checkValue(input.value);
  await entityOf(ctx, input);
  const row = await q.upsertRating(ctx, p.userId, input);
  ctx.audit({ action: 'feedback.rating.submit', resourceType: 'feedback_rating', resourceId: row.id, details: { entityType: row.entityType, entityId: row.entityId, ratingType: row.ratingType, value: row.value } });
  return row;
}

export async function updateRating(ctx: ServiceContext, p: UserPrincipal, id: string, body: { value?: number; isPublic?: boolean }): Promise<RatingRow> {
  requireSomeChange(body);
  checkValue(body.value);
  const row = (await q.updateRating(ctx, id, p.userId, { value: body.value, isPublic: body.isPublic })) ?? (await refusal(q.ratingExists(ctx, id), 'rating', 'change'));
  ctx.audit({ action: 'feedback.rating.update', resourceType: 'feedback_rating', resourceId: id, details: body });
  return row;
}

export async function deleteRating(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<void> {
  const row = (await q.deleteRating(ctx, id, deletableBy(p))) ?? (await refusal(q.ratingExists(ctx, id), 'rating', 'delete'));
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

export async function updateReview(ctx: ServiceContext, p: UserPrincipal, id: string, body: ReviewPatch): Promise<ReviewRow> {
  requireSomeChange(body);
  const set = { content: body.content, attachments: body.attachments, isPublic: body.isPublic };
  const row = (await q.updateReview(ctx, id, p.userId, set)) ?? (await refusal(q.reviewExists(ctx, id), 'review', 'change'));
  ctx.audit({ action: 'feedback.review.update', resourceType: 'feedback_review', resourceId: id, details: { fields: Object.keys(body) } });
  return row;
}

export async function deleteReview(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<void> {
  const row = (await q.deleteReview(ctx, id, deletableBy(p))) ?? (await refusal(q.reviewExists(ctx, id), 'review', 'delete'));
  ctx.audit({ action: 'feedback.review.delete', resourceType: 'feedback_review', resourceId: id, details: { authorId: row.userId, ratingId: row.ratingId } });
}

/** A moderator flags a review (the route requires `feedback:moderate`): hidden from everyone but its author and moderators. */
export async function flagReview(ctx: ServiceContext, p: UserPrincipal, id: string, reason: string): Promise<ReviewRow> {
  const why = reason.trim();
  if (!why) throw invalidFields('body', { reason: ['Say why the review is flagged'] });
  const row = await q.updateReview(ctx, id, undefined, { isFlagged: true, flaggedReason: why, flaggedAt: new Date(), flaggedBy: p.userId });
  if (!row) throw notFound('Review');
  ctx.audit({ action: 'feedback.review.flag', resourceType: 'feedback_review', resourceId: id, details: { reason: why } });
  return row;
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
