// Tables of catalog's info tags (contextual help snippets) and feedback (ratings and reviews).
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './accounts';

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Per locale: a translated title and/or description (never the base language). */
export type InfoTagTranslations = Record<string, { title?: string; description?: string }>;

/**
 * A help snippet. `tenant_id` null: system-wide (from the seed), readable by every tenant; a tenant's
 * tag with the same key shadows it for that tenant. Deleting is soft (the key is free again).
 */
export const infoTags = pgTable(
  'info_tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    examples: text('examples').array().notNull().default(sql`'{}'::text[]`),
    translations: jsonb('translations').$type<InfoTagTranslations>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt,
    updatedAt,
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by'),
  },
  (t) => [
    uniqueIndex('info_tags_tenant_key').on(t.tenantId, t.key).where(sql`${t.tenantId} is not null and ${t.deletedAt} is null`),
    uniqueIndex('info_tags_system_key').on(t.key).where(sql`${t.tenantId} is null and ${t.deletedAt} is null`),
  ],
);

export const FEEDBACK_ENTITY_TYPES = ['app', 'booking', 'resource', 'space'] as const;
export type FeedbackEntityType = (typeof FEEDBACK_ENTITY_TYPES)[number];
export const RATING_TYPES = ['hearts', 'stars'] as const;
export type RatingType = (typeof RATING_TYPES)[number];

/** One rating per user, entity and rating type (a second submission updates it). */
export const feedbackRatings = pgTable(
  'feedback_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    entityType: text('entity_type', { enum: FEEDBACK_ENTITY_TYPES }).notNull(),
    entityId: uuid('entity_id').notNull(),
    ratingType: text('rating_type', { enum: RATING_TYPES }).notNull(),
    value: smallint('value').notNull(),
    isPublic: boolean('is_public').notNull().default(true),
    createdAt,
    updatedAt,
  },
  (t) => [
    uniqueIndex('feedback_ratings_user_entity_key').on(t.tenantId, t.userId, t.entityType, t.entityId, t.ratingType),
    // The migration adds INCLUDE (value, is_public): aggregates read the index only.
    index('feedback_ratings_entity_idx').on(t.tenantId, t.entityType, t.entityId, t.ratingType),
    check('feedback_ratings_value_range', sql`${t.value} between 1 and 5`),
  ],
);

export interface ReviewAttachment {
  media_id: string;
  media_type: 'image' | 'video' | 'document';
  url: string;
  thumbnail_url?: string | null;
}

/** A review belongs to its author's rating (one per rating) and goes with it. */
export const feedbackReviews = pgTable(
  'feedback_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    ratingId: uuid('rating_id').notNull().references(() => feedbackRatings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    attachments: jsonb('attachments').$type<ReviewAttachment[]>().notNull().default([]),
    isPublic: boolean('is_public').notNull().default(true),
    isFlagged: boolean('is_flagged').notNull().default(false),
    flaggedReason: text('flagged_reason'),
    flaggedAt: timestamp('flagged_at', { withTimezone: true }),
    flaggedBy: uuid('flagged_by'),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('feedback_reviews_rating_key').on(t.ratingId), index('feedback_reviews_tenant_idx').on(t.tenantId, t.createdAt)],
);
