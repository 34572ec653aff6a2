// Each tenant's spaces and resources per type and status, kept by statement triggers on both tables
// (drizzle/0035): the directory lists read their total here instead of counting rows.
import { bigint, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const directoryCounts = pgTable(
  'directory_counts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    entityType: text('entity_type', { enum: ['space', 'resource'] }).notNull(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entityType, t.type, t.status] })],
);
