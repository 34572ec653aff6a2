// Tables of the directory's spaces: the tenant's spaces (location as two doubles, a B-tree on
// (tenant_id, home_lat, home_lng) in 0031) and their members (manager or reader).
import { doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './accounts';
import { typeDefinitions } from './type-definitions';

export const SPACE_TYPES = ['system', 'default', 'custom'] as const;
export type SpaceType = (typeof SPACE_TYPES)[number];
export const SPACE_STATUSES = ['active', 'inactive', 'maintenance', 'retired', 'pending'] as const;
export type SpaceStatus = (typeof SPACE_STATUSES)[number];
export const PROMOTION_TYPES = ['None', 'Effect1', 'Effect2', 'Effect3', 'PositionDynamic', 'PositionFix', 'CommercialAdd'] as const;
export type PromotionType = (typeof PROMOTION_TYPES)[number];
export const VISIT_ACTOR_TYPES = ['user', 'api_key', 'app_account'] as const;
export type VisitActorType = (typeof VISIT_ACTOR_TYPES)[number];
export const SPACE_MEMBER_ROLES = ['manager', 'reader'] as const;
export type SpaceMemberRole = (typeof SPACE_MEMBER_ROLES)[number];

/**
 * The visit-metric columns of every counted entity (spaces, resources, calendars): the counter, who
 * counted last, and who reset it when and why (directory/shared visits code reads them by name).
 */
export const visitColumns = () => ({
  totalVisits: integer('total_visits').notNull().default(0),
  lastVisitedAt: timestamp('last_visited_at', { withTimezone: true }),
  lastVisitedByActorType: text('last_visited_by_actor_type', { enum: VISIT_ACTOR_TYPES }),
  lastVisitedByActorId: uuid('last_visited_by_actor_id'),
  lastResetAt: timestamp('last_reset_at', { withTimezone: true }),
  lastResetByActorType: text('last_reset_by_actor_type', { enum: VISIT_ACTOR_TYPES }),
  lastResetByActorId: uuid('last_reset_by_actor_id'),
  lastResetReason: text('last_reset_reason'),
});

/** Translations by locale, never the space's own `language`. */
export type SpaceTranslations = Record<string, { name: string; description?: string | null }>;

export const spaces = pgTable('spaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  description: text('description'),
  language: text('language'),
  type: text('type', { enum: SPACE_TYPES }).notNull().default('custom'),
  typeDefinitionId: uuid('type_definition_id').references(() => typeDefinitions.id, { onDelete: 'restrict' }),
  status: text('status', { enum: SPACE_STATUSES }).notNull().default('active'),
  requestedStatus: text('requested_status', { enum: SPACE_STATUSES }),
  approvalRequestId: uuid('approval_request_id'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  homeLat: doublePrecision('home_lat'),
  homeLng: doublePrecision('home_lng'),
  translations: jsonb('translations_i18n').$type<SpaceTranslations>().notNull().default({}),
  promotionType: text('promotion_type', { enum: PROMOTION_TYPES }).notNull().default('None'),
  promotionRank: integer('promotion_rank'),
  promotionStartDate: timestamp('promotion_start_date', { withTimezone: true }),
  promotionEndDate: timestamp('promotion_end_date', { withTimezone: true }),
  customOrder: integer('custom_order').notNull().default(1),
  ...visitColumns(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const spaceMembers = pgTable('space_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  spaceId: uuid('space_id').notNull().references(() => spaces.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text('role', { enum: SPACE_MEMBER_ROLES }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
