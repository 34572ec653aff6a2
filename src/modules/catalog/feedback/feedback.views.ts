// Ratings and reviews in the reference's shape (snake_case, `tenantId` camel as everywhere).
import type { RatingRow, ReviewRow } from './feedback.model';

export const toRating = (r: RatingRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  user_id: r.userId,
  entity_type: r.entityType,
  entity_id: r.entityId,
  rating_type: r.ratingType,
  value: r.value,
  is_public: r.isPublic,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

export const toReview = (r: ReviewRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  rating_id: r.ratingId,
  user_id: r.userId,
  content: r.content,
  attachments: r.attachments,
  is_public: r.isPublic,
  is_flagged: r.isFlagged,
  flagged_reason: r.flaggedReason,
  flagged_at: r.flaggedAt?.toISOString() ?? null,
  flagged_by: r.flaggedBy,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});
