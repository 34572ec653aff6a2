// OAuth sign-in state: server-issued states (PKCE verifier, nonce), pending registrations of new
// provider identities, and the login history of every OAuth attempt.
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './identity';

/**
 * One authorization request. The client sees the state id once (it travels as the OAuth `state`
 * and comes back as `pveState`); only its SHA-256 is stored. Single use (`used_at`), 10 minutes.
 * The PKCE verifier and the nonce are kept in clear: the token exchange and the id_token check
 * need them, and they are worthless without the authorization code, which never reaches us at rest.
 */
export const oauthStates = pgTable(
  'oauth_states',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stateHash: text('state_hash').notNull().unique(),
    purpose: text('purpose', { enum: ['login', 'link'] }).notNull(),
    provider: text('provider').notNull(),
    clientType: text('client_type', { enum: ['web', 'extension', 'desktop', 'mobile'] }).notNull(),
    redirectUrl: text('redirect_url').notNull(),
    /** The tenant the flow was started for (login: optional; link: the linking session's tenant). */
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    /** Link flows: the account the identity will be attached to. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    ipAddress: text('ip_address'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oauth_states_expires_idx').on(t.expiresAt)],
);

/** A verified provider identity with no account yet, waiting for POST /oauth/register (single use). */
export const oauthRegistrations = pgTable('oauth_registrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** SHA-256 of the opaque secret handed out as `refreshToken`. */
  secretHash: text('secret_hash').notNull().unique(),
  provider: text('provider').notNull(),
  subject: text('subject').notNull(),
  email: text('email').notNull(),
  emailVerified: boolean('email_verified').notNull(),
  displayName: text('display_name'),
  avatarUrl: text('avatar_url'),
  tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
  /** The history row of the exchange, given its user once the account exists. */
  historyId: uuid('history_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every OAuth exchange attempt, successful or not. `user_id` is null when no account was identified. */
export const oauthLoginHistory = pgTable(
  'oauth_login_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    provider: text('provider').notNull(),
    purpose: text('purpose').notNull().default('login'),
    success: boolean('success').notNull(),
    /** Error code and message of a failed attempt. */
    error: text('error'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oauth_login_history_user_idx').on(t.userId, t.attemptedAt)],
);
