// Sign-in identities linked to a user (OAuth/OIDC accounts). One row per provider account;
// a provider account (provider, subject) belongs to exactly one user.
// Created by the flow/avatar work as a placeholder for the OAuth area: reconcile on merge.
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './identity';

export const userIdentities = pgTable(
  'user_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    /** The provider's stable account id (`sub`). */
    subject: text('subject').notNull(),
    email: text('email'),
    displayName: text('display_name'),
    /** The provider's profile picture, as last reported. */
    avatarUrl: text('avatar_url'),
    isPrimary: boolean('is_primary').notNull().default(false),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('user_identities_provider_subject_key').on(t.provider, t.subject), index('user_identities_user_idx').on(t.userId)],
);
