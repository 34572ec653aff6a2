// Tables of the taxonomy categories: a per-tenant tree (`level` kept from the parent), one row per
// translation, and the links from categories to entities of the entity registry.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

/** Deepest level a category may sit at (root = 0): the reference's "depth over 10" is refused. */
export const CATEGORY_MAX_LEVEL = 10;

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    key: text('key').notNull(),
    filterId: text('filter_id'),
    level: integer('level').notNull().default(0),
    name: text('name').notNull(),
    description: text('description'),
    /** The base language of `name` and `description` (translations never repeat it). */
    language: text('language').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Checked at the end of each statement (DEFERRABLE): an import may swap two keys in one update.
    unique('categories_tenant_key_key').on(t.tenantId, t.key),
    unique('categories_tenant_id_key').on(t.tenantId, t.id),
    // The parent is of the same tenant (composite key); a parent with children is never deleted.
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id], name: 'categories_parent_fk' }),
    index('categories_parent_idx').on(t.tenantId, t.parentId),
    check('categories_level_range', sql`${t.level} between 0 and 10`),
  ],
);

export const categoryTranslations = pgTable(
  'category_translations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').notNull().references(() => categories.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('category_translations_locale_key').on(t.categoryId, t.locale)],
);

export const categoryLinks = pgTable(
  'category_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').notNull().references(() => categories.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('category_links_entity_key').on(t.categoryId, t.entityType, t.entityId),
    index('category_links_entity_idx').on(t.tenantId, t.entityType, t.entityId),
  ],
);
