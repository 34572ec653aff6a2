// Tables of taxonomy tags: the tenant's tags (one row per normalized name) and their links to
// entities of the entity registry. `usage_count` is the number of links, moved in the same
// transaction as the link rows under the tag row's lock, so the tag cloud reads it from one index.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const TAG_OWNER_TYPES = ['user', 'group'] as const;
export type TagOwnerType = (typeof TAG_OWNER_TYPES)[number];

/** Translations of a tag's display name by locale (never the tag's own `language`). */
export type TagTranslations = Record<string, { name: string }>;

export const tags = pgTable(
  'tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    /** Normalized: trimmed, single spaces, lowercase, NFC (the unique key). */
    name: text('name').notNull(),
    /** The first spelling seen. */
    displayName: text('display_name').notNull(),
    language: text('language').notNull(),
    translations: jsonb('translations_i18n').$type<TagTranslations>().notNull().default({}),
    usageCount: integer('usage_count').notNull().default(0),
    persistent: boolean('persistent').notNull().default(false),
    ownerId: uuid('owner_id').notNull(),
    ownerType: text('owner_type', { enum: TAG_OWNER_TYPES }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tags_tenant_name_key').on(t.tenantId, t.name),
    // The cloud: most used first, straight from the index.
    index('tags_cloud_idx').on(t.tenantId, sql`${t.usageCount} desc`, t.name),
    check('tags_usage_nonneg', sql`${t.usageCount} >= 0`),
  ],
);

export const tagLinks = pgTable(
  'tag_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id').notNull().references(() => tags.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tag_links_tag_entity_key').on(t.tagId, t.entityType, t.entityId),
    index('tag_links_entity_idx').on(t.tenantId, t.entityType, t.entityId),
  ],
);
