// Tables of the directory's resources: the tenant's resources (optionally in a space; location as
// two doubles, a B-tree on (tenant_id, current_lat, current_lng) in 0031) and their members.
import { doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './accounts';
import { typeDefinitions } from './type-definitions';
import { PROMOTION_TYPES, SPACE_STATUSES, spaces, visitColumns } from './spaces';

export const RESOURCE_TYPES = ['system', 'custom'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/** Same lifecycle as spaces. */
export const RESOURCE_STATUSES = SPACE_STATUSES;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export const RESOURCE_MEMBER_ROLES = ['admin', 'manager', 'reader'] as const;
export type ResourceMemberRole = (typeof RESOURCE_MEMBER_ROLES)[number];

/** Translations by locale, never the resource's own `language`. */
export type ResourceTranslations = Record<string, { name: string; description?: string | null }>;

export const resources = pgTable('resources', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'restrict' }),
  name: text('name').notNull(),
  description: text('description'),
  language: text('language'),
  type: text('type', { enum: RESOURCE_TYPES }).notNull().default('custom'),
  typeDefinitionId: uuid('type_definition_id').references(() => typeDefinitions.id, { onDelete: 'restrict' }),
  status: text('status', { enum: RESOURCE_STATUSES }).notNull().default('active'),
  requestedStatus: text('requested_status', { enum: RESOURCE_STATUSES }),
  approvalRequestId: uuid('approval_request_id'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  currentLat: doublePrecision('current_lat'),
  currentLng: doublePrecision('current_lng'),
  translations: jsonb('translations_i18n').$type<ResourceTranslations>().notNull().default({}),
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

export const resourceMembers = pgTable('resource_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  resourceId: uuid('resource_id').notNull().references(() => resources.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text('role', { enum: RESOURCE_MEMBER_ROLES }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
