// The feedback vocabulary shared by routes, handlers and the services (no ORM for their importers).
import type { feedbackRatings, feedbackReviews } from '../../../db/schema/feedback';
import type { FeedbackEntityType, RatingType, ReviewAttachment } from '../../../db/schema/feedback';

export { FEEDBACK_ENTITY_TYPES, RATING_TYPES, type FeedbackEntityType, type RatingType, type ReviewAttachment } from '../../../db/schema/feedback';

export type RatingRow = typeof feedbackRatings.$inferSelect;
export type ReviewRow = typeof feedbackReviews.$inferSelect;

/** Feedback entity types → the entity registry's types (`app` is the caller's tenant). */
export const REGISTRY_TYPE: Record<FeedbackEntityType, string> = { app: 'tenant', booking: 'booking', resource: 'resource', space: 'space' };

export const MIN_VALUE = 1;
export const MAX_VALUE = 5;

export interface EntityKey {
  entityType: FeedbackEntityType;
  entityId: string;
}

export interface RatingInput extends EntityKey {
  ratingType: RatingType;
  value: number;
  isPublic?: boolean;
}

export interface ReviewInput {
  ratingId: string;
  content: string;
  attachments?: ReviewAttachment[];
  isPublic?: boolean;
}

export type ReviewPatch = Partial<Omit<ReviewInput, 'ratingId'>>;

export interface ListFilter {
  rating_type?: RatingType;
  limit: number;
  offset: number;
}

/** Whose private (and flagged) feedback a list shows: everyone's (moderators) or one person's. */
export type Viewer = { all: true } | { all: false; userId: string | undefined };

export interface Aggregates {
  total_count: number;
  average_rating: number;
  distribution: Record<string, number>;
  public_count: number;
  private_count: number;
}
