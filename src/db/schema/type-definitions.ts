// Type definitions (catalog area): named JSON Schemas that validate the `settings` of spaces,
// resources, calendars and users. Platform (system) types have no tenant and are read by every
// tenant (row-level security lets platform_app read them, never write them: 0019).
import { sql } from 'drizzle-orm';
import { boolean, index, json, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const APPLIES_TO = ['space', 'resource', 'calendar', 'user'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

/** The stored schema: `{ properties, required? }` (the documented subset, see type-definitions.schema.ts). */
export type SchemaDefinition = { properties: Record<string, Record<string, unknown>>; required?: string[] };

export const typeDefinitions = pgTable(
  'type_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** null: a platform (system) type, visible to every tenant and read-only for them. */
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    label: text('label').notNull(),
    description: text('description'),
    /** The legacy classification given at creation (kept as given; `applies_to` is what counts). */
    category: text('category'),
    appliesTo: text('applies_to', { enum: APPLIES_TO }).notNull(),
    // `json`, not `jsonb`: the key order of `properties` is the properties' display order.
    schemaDefinition: json('schema_definition').$type<SchemaDefinition>().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    isSystem: boolean('is_system').generatedAlwaysAs(sql`tenant_id IS NULL`),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('type_definitions_tenant_name_key').on(t.tenantId, t.name).where(sql`tenant_id IS NOT NULL`),
    uniqueIndex('type_definitions_system_name_key').on(t.name).where(sql`tenant_id IS NULL`),
    index('type_definitions_applies_idx').on(t.tenantId, t.appliesTo),
  ],
);
