// Tenants, users and what ties them: memberships, groups, sessions and refresh tokens.
// A user is one person (one email) who may belong to several tenants; `users.tenant_id` is the
// tenant the account was created in (its home), memberships say where else it may act.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Sign-in rules of a tenant (see GET /public/auth/providers `tenantConfig`). */
export interface TenantAuthConfig {
  requireInvitation: boolean;
  allowSelfRegistration: boolean;
  passwordAuthEnabled: boolean;
  mfaRequired: boolean;
  /** Empty: the platform's configured providers. */
  oauthProvidersEnabled: string[];
  allowedOAuthRedirectUrls: string[];
  defaultOAuthRedirectUrl: string | null;
}

export const DEFAULT_AUTH_CONFIG: TenantAuthConfig = {
  requireInvitation: false,
  allowSelfRegistration: true,
  passwordAuthEnabled: true,
  mfaRequired: false,
  oauthProvidersEnabled: [],
  allowedOAuthRedirectUrls: [],
  defaultOAuthRedirectUrl: null,
};

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  domain: text('domain').notNull().unique(),
  status: text('status', { enum: ['active', 'inactive', 'maintenance', 'retired', 'pending'] }).notNull().default('active'),
  type: text('type', { enum: ['system', 'trial', 'paid', 'enterprise'] }).notNull().default('trial'),
  description: text('description'),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  authConfig: jsonb('auth_config').$type<TenantAuthConfig>().notNull().default(DEFAULT_AUTH_CONFIG),
  defaultLanguage: text('default_language').notNull().default('en'),
  additionalLanguages: text('additional_languages').array().notNull().default(sql`'{}'::text[]`),
  createdAt,
  updatedAt,
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    /** Lower-cased; one account per email across the platform. */
    email: text('email').notNull(),
    /** `$kdf$params$salt$hash`; null for accounts that only sign in through OAuth. */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    kind: text('kind', { enum: ['user', 'app_account'] }).notNull().default('user'),
    status: text('status', { enum: ['active', 'inactive', 'maintenance', 'retired', 'pending'] }).notNull().default('active'),
    firstName: text('first_name'),
    middleName: text('middle_name'),
    lastName: text('last_name'),
    displayName: text('display_name'),
    avatarSource: text('avatar_source', { enum: ['none', 'uploaded', 'remote'] }).notNull().default('none'),
    avatarUrl: text('avatar_url'),
    avatarIdentityId: uuid('avatar_identity_id'),
    typeDefinitionId: uuid('type_definition_id'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    locale: text('locale').notNull().default('en'),
    emailConfirmedAt: timestamp('email_confirmed_at', { withTimezone: true }),
    isSystemAdmin: boolean('is_system_admin').notNull().default(false),
    defaultTenantId: uuid('default_tenant_id'),
    primaryProvider: text('primary_provider').notNull().default('email'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), index('users_tenant_idx').on(t.tenantId)],
);

export const ROLES = ['owner', 'admin', 'manager', 'member', 'guest', 'system_admin'] as const;
export type Role = (typeof ROLES)[number];

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull().default('member'),
    status: text('status', { enum: ['active', 'suspended', 'pending', 'invited'] }).notNull().default('active'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index('memberships_tenant_idx').on(t.tenantId)],
);

export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** Codes from the permission catalog (src/lib/permissions.ts). */
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('groups_tenant_name_key').on(t.tenantId, t.name)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: uuid('group_id').notNull().references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    createdAt,
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId, t.tenantId)],
);

/** One sign-in. Refresh tokens rotate inside it; reusing a spent one revokes it. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The tenant this session acts in (switch-tenant changes it). */
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    rememberMe: boolean('remember_me').notNull().default(false),
    /** Signed in with a password but 2FA not yet completed: only the challenge routes answer. */
    mfaPending: boolean('mfa_pending').notNull().default(false),
    /** Mandatory post-sign-in tasks (flow tasks) were pending when last checked: only /secure/auth/* and /secure/profile/* answer. */
    flowPending: boolean('flow_pending').notNull().default(false),
    authMethod: text('auth_method').notNull().default('password'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt,
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
    /** SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt,
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

/** Single-use, expiring tokens sent by email (verification, password reset), stored hashed. */
export const oneTimeTokens = pgTable('one_time_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose', { enum: ['email_verification', 'password_reset'] }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt,
});

/** Failure counters shared by every isolate (sign-in and 2FA brute-force protection). */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});

export const securityEvents = pgTable(
  'security_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventType: text('event_type').notNull(),
    severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] }).notNull().default('low'),
    ipAddress: text('ip_address'),
    userId: uuid('user_id'),
    tenantId: uuid('tenant_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt,
  },
  (t) => [index('security_events_created_idx').on(t.createdAt), index('security_events_type_idx').on(t.eventType)],
);
