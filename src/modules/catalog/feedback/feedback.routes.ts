// Feedback (ratings, reviews, flags, per-entity lists and aggregates): the contract routes, who
// may call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/catalog';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { FEEDBACK_ENTITY_TYPES, RATING_TYPES } from './feedback.model';

const ENTITY_DOC = '`app` is the caller\'s tenant (its id is the tenant id); `booking`, `resource` and `space` are the tenant\'s entities (404 for unknown or other tenants\' ids).';
const entityParams = z.object({
  entityType: z.enum(FEEDBACK_ENTITY_TYPES).openapi({ param: { name: 'entityType', in: 'path' }, description: 'app, booking, resource or space' }),
  entityId: z.uuid().openapi({ param: { name: 'entityId', in: 'path' }, description: 'The entity\'s id (for `app`: the tenant id)' }),
});
const listQuery = z.object({
  rating_type: z.enum(RATING_TYPES).optional().openapi({ description: 'Only this rating type' }),
  ...limitOffsetQuery(50, 200),
});
const VISIBILITY_DOC = 'Private feedback (`is_public` false) is listed only for its author and moderators (`feedback:moderate`: owners, admins).';
const AUTHOR_DOC = 'Only its author changes it (403 for others; another tenant\'s: 404).';
const DELETE_DOC = 'Its author or a moderator (`feedback:moderate`) deletes it (403 for others; another tenant\'s: 404). 204.';
const rating = idParam('Rating id');
const review = idParam('Review id');
const write = { permission: 'feedback:write', usersOnly: true } as const;

export const submitRating = contractRoute(contract.postSecureFeedbackRating, {
  description: `Rates an entity: \`value\` a whole number 1..5 (400 otherwise), \`ratingType\` hearts or stars, \`isPublic\` default true. One rating per user, entity and rating type: submitting again updates it (same id; \`isPublic\` kept unless given). ${ENTITY_DOC} 200.`,
  auth: write,
});
const putRating = contract.putSecureFeedbackRatingById;
export const updateRating = contractRoute({ ...putRating, body: putRating.body.openapi({ minProperties: 1 }) }, {
  description: `Changes \`value\` (whole 1..5) and/or \`isPublic\` of a rating (at least one). ${AUTHOR_DOC}`,
  request: { params: rating },
  auth: write,
});
export const deleteRating = contractRoute(contract.deleteSecureFeedbackRatingById, {
  description: `Deletes a rating and its review. ${DELETE_DOC}`,
  request: { params: rating },
  auth: write,
});
export const submitReview = contractRoute(contract.postSecureFeedbackReview, {
  description:
    'Reviews one\'s own rating (`ratingId`: someone else\'s or another tenant\'s rating is 404), `content` 10..5000, `attachments` up to the reference\'s shape. ' +
    'One review per rating: submitting again replaces its content (a flag stays). `isPublic` defaults to the rating\'s. 200.',
  auth: write,
});
const putReview = contract.putSecureFeedbackReviewById;
export const updateReview = contractRoute({ ...putReview, body: putReview.body.openapi({ minProperties: 1 }) }, {
  description: `Changes \`content\`, \`attachments\` and/or \`isPublic\` of a review (at least one). ${AUTHOR_DOC}`,
  request: { params: review },
  auth: write,
});
export const deleteReview = contractRoute(contract.deleteSecureFeedbackReviewById, {
  description: `Deletes a review (its rating stays). ${DELETE_DOC}`,
  request: { params: review },
  auth: write,
});
export const flagReview = contractRoute(contract.postSecureFeedbackReviewByIdFlag, {
  description: 'Flags a review for moderation with a `reason` (1..2000, not blank): sets `is_flagged`, `flagged_reason`, `flagged_at`, `flagged_by`. A flagged review is listed only for its author and moderators. Needs `feedback:moderate` (owners, admins).',
  request: { params: review },
  auth: { permission: 'feedback:moderate', usersOnly: true },
});
export const aggregates = contractRoute(contract.getSecureFeedbackByEntityTypeByEntityIdAggregates, {
  description: `Aggregates of one rating type (query \`rating_type\`, default stars) over every rating of the entity, private ones included: \`total_count\`, \`average_rating\` (2 decimals, 0 without ratings), \`distribution\` (values "1".."5" → count), \`public_count\`, \`private_count\`. One statement. ${ENTITY_DOC}`,
  request: { params: entityParams, query: z.object({ rating_type: z.enum(RATING_TYPES).default('stars').openapi({ description: 'hearts or stars (default stars)' }) }) },
  auth: { permission: 'feedback:read' },
});
export const listRatings = contractRoute(contract.getSecureFeedbackByEntityTypeByEntityIdRatings, {
  description: `Ratings of an entity, newest first. Query: \`rating_type\`, \`limit\` 1..200 (default 50), \`offset\`. ${VISIBILITY_DOC} ${ENTITY_DOC}`,
  request: { params: entityParams, query: listQuery },
  auth: { permission: 'feedback:read' },
});
export const listReviews = contractRoute(contract.getSecureFeedbackByEntityTypeByEntityIdReviews, {
  description: `Reviews of an entity's ratings, newest first. Query: \`rating_type\`, \`limit\` 1..200 (default 50), \`offset\`. ${VISIBILITY_DOC} Flagged reviews likewise. ${ENTITY_DOC}`,
  request: { params: entityParams, query: listQuery },
  auth: { permission: 'feedback:read' },
});
