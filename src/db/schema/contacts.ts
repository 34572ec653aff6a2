// Tables of directory contacts: the tenant's contacts (people or places to reach, phones stored in
// E.164) and their links to entities of the entity registry (users, spaces, resources). An entity
// has at most one primary contact (partial unique index); deleting a contact removes its links.
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const CONTACT_ENTITY_TYPES = ['user', 'space', 'resource'] as const;
export type ContactEntityType = (typeof CONTACT_ENTITY_TYPES)[number];

/** A postal address as the reference names its parts; further keys are kept as given. */
export interface ContactAddress {
  street?: string | null;
  street_number?: string | null;
  city?: string | null;
  postal_code?: string | null;
  region?: string | null;
  country?: string | null;
  /** ISO 3166-1 alpha-2, upper case: also the region phone numbers without +prefix are read in. */
  country_code?: string | null;
  [key: string]: unknown;
}

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    firstName: text('first_name'),
    middleName: text('middle_name'),
    lastName: text('last_name'),
    email: text('email'),
    /** E.164 (+41446681800). */
    phone: text('phone'),
    url: text('url'),
    address: jsonb('address').$type<ContactAddress>(),
    notes: text('notes'),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contacts_tenant_name_idx').on(t.tenantId, t.lastName, t.firstName, t.id)],
);

export const contactLinks = pgTable(
  'contact_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    entityType: text('entity_type', { enum: CONTACT_ENTITY_TYPES }).notNull(),
    entityId: uuid('entity_id').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contact_links_contact_entity_key').on(t.contactId, t.entityType, t.entityId),
    index('contact_links_entity_idx').on(t.tenantId, t.entityType, t.entityId),
    uniqueIndex('contact_links_one_primary_key').on(t.tenantId, t.entityType, t.entityId).where(sql`${t.isPrimary}`),
  ],
);
