// Tables of the accounts area: tenants (until the tenants area owns them), users, memberships,
// sessions and tokens, sign-in throttling, 2FA methods and codes, linked identities, OAuth flows,
// post-sign-in flow tasks.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// Tenants, users and what ties them: memberships, groups, sessions and refresh tokens.
// A user is one person (one email) who may belong to several tenants; `users.tenant_id` is the
// tenant the account was created in (its home), memberships say where else it may act.

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
  // Tenants area (0013): a deleted tenant is kept (its rows, domain and slug stay reserved) and hidden.
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  storageDistributionStrategy: text('storage_distribution_strategy', { enum: ['sequential', 'distributed'] }).notNull().default('sequential'),
  storageFallbackChain: uuid('storage_fallback_chain').array().notNull().default(sql`'{}'::uuid[]`),
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

// Sign-in identities linked to a user (OAuth/OIDC accounts). One row per provider account;
// a provider account (provider, subject) belongs to exactly one user.
// Created by the flow/avatar work as a placeholder for the OAuth area: reconcile on merge.

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

// Second factors: TOTP secrets, delivery targets for emailed/texted codes, pending codes and
// backup codes. Secrets are encrypted at rest; codes are stored hashed.

export const MFA_METHODS = ['totp', 'sms', 'email', 'whatsapp'] as const;

export type MfaMethod = (typeof MFA_METHODS)[number];

export const mfaMethods = pgTable(
  'mfa_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    method: text('method', { enum: MFA_METHODS }).notNull(),
    /** TOTP secret, encrypted with the platform key (AES-GCM); null for code-by-message methods. */
    secretEncrypted: text('secret_encrypted'),
    /** Phone number or email address the codes go to (sms/whatsapp/email). */
    deliveryTarget: text('delivery_target'),
    /** Null until a correct code proves the method works: only enabled methods count. */
    enabledAt: timestamp('enabled_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Last TOTP time step accepted, so a code cannot be replayed within its window. */
    lastTotpStep: integer('last_totp_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mfa_methods_user_method_key').on(t.userId, t.method)],
);

/** Codes sent by email, SMS or WhatsApp: single-use, expiring, hashed. */

export const mfaCodes = pgTable(
  'mfa_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    method: text('method', { enum: MFA_METHODS }).notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mfa_codes_user_idx').on(t.userId, t.method)],
);

export const mfaBackupCodes = pgTable(
  'mfa_backup_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mfa_backup_codes_user_idx').on(t.userId)],
);

// OAuth sign-in state: server-issued states (PKCE verifier, nonce), pending registrations of new
// provider identities, and the login history of every OAuth attempt.

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

// Post-sign-in flow tasks (terms acceptance, profile completion, verification...) per tenant, and
// each user's completions. A completion records the task version it was given for, when and from
// where; a task whose version moved on is pending again. Completions are never deleted by a reset:
// they are marked cleared, so acceptances of terms stay on record.

export const FLOW_TASK_TYPES = ['agb', 'profile', 'kyc', 'avatar', 'phone_verification', 'email_verification', 'custom'] as const;

export type FlowTaskType = (typeof FLOW_TASK_TYPES)[number];

export interface FlowTaskText {
  title?: string;
  description?: string;
  buttonText?: string;
}

export const flowTasks = pgTable(
  'flow_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    type: text('type', { enum: FLOW_TASK_TYPES }).notNull(),
    name: text('name').notNull(),
    targetRoute: text('target_route').notNull(),
    /** Ascending: 0 is shown first. */
    priority: integer('priority').notNull().default(0),
    isMandatory: boolean('is_mandatory').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    /** e.g. the terms' version; completions for another version no longer count. */
    version: text('version'),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    i18n: jsonb('i18n').$type<Record<string, FlowTaskText>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('flow_tasks_tenant_order_idx').on(t.tenantId, t.priority, t.createdAt)],
);

export const flowTaskCompletions = pgTable(
  'flow_task_completions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').notNull().references(() => flowTasks.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The task's version when it was completed (null for unversioned tasks). */
    version: text('version'),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when an admin reset the task or the user completed a newer version. */
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedReason: text('cleared_reason', { enum: ['reset', 'superseded'] }),
  },
  (t) => [
    // At most one live completion per user and task.
    uniqueIndex('flow_task_completions_live_key').on(t.taskId, t.userId).where(sql`cleared_at is null`),
    index('flow_task_completions_user_idx').on(t.userId, t.tenantId),
  ],
);
