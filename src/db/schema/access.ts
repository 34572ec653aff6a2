// Tables of the access area: groups, API keys, app accounts, idempotency keys, invitations,
// approvals, security settings, security events and the audit log.
import { type AccessPermissions } from '../../lib/access-permissions';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboxMessages } from './outbox';
import { tenants, users } from './accounts';

// Programmatic access: API keys, application accounts (machine users) and idempotency records.

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** `pve_sk_{key_uuid}_{secret}`: only SHA-256 of the secret is kept; the key is found by `key_uuid`. */

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    keyUuid: uuid('key_uuid').notNull(),
    secretHash: text('secret_hash').notNull(),
    keyPreview: text('key_preview').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    permissions: jsonb('permissions').$type<AccessPermissions>().notNull().default({}),
    mcpWriteEnabled: boolean('mcp_write_enabled').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    ipWhitelist: text('ip_whitelist').array(),
    deviceFingerprint: text('device_fingerprint'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    requestCount: bigint('request_count', { mode: 'number' }).notNull().default(0),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt,
    updatedAt,
  },
  (t) => [uniqueIndex('api_keys_key_uuid_key').on(t.keyUuid), index('api_keys_tenant_idx').on(t.tenantId)],
);

/** A machine user: a `users` row of kind `app_account` (signs in with email + password) plus its scope. */

export const appAccounts = pgTable(
  'app_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    authUserId: uuid('auth_user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    description: text('description'),
    permissions: jsonb('permissions').$type<AccessPermissions>().notNull().default({}),
    status: text('status', { enum: ['active', 'suspended', 'revoked'] }).notNull().default('active'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** Last successful sign-in or authenticated request. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    signInCount: integer('sign_in_count').notNull().default(0),
    /** Authenticated /secure requests (counted after the response, see middleware/auth.ts). */
    requestCount: bigint('request_count', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt,
    updatedAt,
  },
  (t) => [index('app_accounts_tenant_idx').on(t.tenantId), uniqueIndex('app_accounts_auth_user_key').on(t.authUserId)],
);

/**
 * One `Idempotency-Key` per caller: the first request's fingerprint and, once finished, its response.
 * `scope` is `<tenant>:<caller kind>:<caller id>`; rows older than 24 hours no longer replay.
 */

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    tenantId: uuid('tenant_id'),
    requestHash: text('request_hash').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    state: text('state', { enum: ['running', 'completed'] }).notNull().default('running'),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt,
    completedAt: timestamp('completed_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull().default(sql`now() + interval '24 hours'`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

// Invitations to join a tenant, and approval requests with their per-tenant settings.
// Invitation codes are stored as SHA-256 hashes (high-entropy random codes: a fast hash suffices);
// only the last four characters are kept in clear to show a masked code.

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const INVITATION_ROLES = ['owner', 'admin', 'member', 'guest'] as const;

export type InvitationRole = (typeof INVITATION_ROLES)[number];

/** Stored states; `sent`, `opened` and `failed` are derived when read (delivery and open tracking). */

export const INVITATION_STORED_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;

export const INVITATION_STATUSES = ['pending', 'sent', 'opened', 'accepted', 'expired', 'revoked', 'failed'] as const;

export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const INVITATION_CHANNELS = ['email', 'sms', 'whatsapp'] as const;

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    invitedBy: uuid('invited_by').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Lower-cased. */
    recipientEmail: text('recipient_email'),
    /** E.164. */
    recipientPhone: text('recipient_phone'),
    codeHash: text('code_hash').notNull().unique(),
    codeLast4: text('code_last4').notNull(),
    role: text('role', { enum: INVITATION_ROLES }).notNull().default('member'),
    status: text('status', { enum: INVITATION_STORED_STATUSES }).notNull().default('pending'),
    channel: text('channel', { enum: INVITATION_CHANNELS }).notNull().default('email'),
    language: text('language').notNull().default('en'),
    personalMessage: text('personal_message'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The latest invitation message (its delivery state gives `sent` / `failed`). */
    messageId: uuid('message_id').references(() => outboxMessages.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('invitations_recipient_check', sql`${t.recipientEmail} is not null or ${t.recipientPhone} is not null`),
    check('invitations_status_check', sql`${t.status} in (${inList(INVITATION_STORED_STATUSES)})`),
    index('invitations_tenant_idx').on(t.tenantId, t.createdAt),
    // One open invitation per recipient and tenant (409 on a duplicate, race-free).
    uniqueIndex('invitations_pending_email_key').on(t.tenantId, t.recipientEmail).where(sql`${t.status} = 'pending' and ${t.recipientEmail} is not null`),
    uniqueIndex('invitations_pending_phone_key').on(t.tenantId, t.recipientPhone).where(sql`${t.status} = 'pending' and ${t.recipientPhone} is not null`),
    // The expiry job scans open invitations by expiry.
    index('invitations_pending_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'pending'`),
  ],
);

export const APPROVAL_ENTITY_TYPES = ['space', 'resource', 'calendar_entry'] as const;

export type ApprovalEntityType = (typeof APPROVAL_ENTITY_TYPES)[number];

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'] as const;

export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Per tenant and entity type; a missing row means the defaults (no approval required). */

export const approvalSettings = pgTable(
  'approval_settings',
  {
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    entityType: text('entity_type', { enum: APPROVAL_ENTITY_TYPES }).notNull(),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    autoApproveRoles: text('auto_approve_roles').array().notNull().default(sql`'{owner,admin}'::text[]`),
    maxPendingDays: integer('max_pending_days').notNull().default(30),
    notifyAdmins: boolean('notify_admins').notNull().default(true),
    notifyCreatorOnDecision: boolean('notify_creator_on_decision').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.entityType] }), check('approval_settings_days_check', sql`${t.maxPendingDays} between 1 and 365`)],
);

export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    entityType: text('entity_type', { enum: APPROVAL_ENTITY_TYPES }).notNull(),
    entityId: uuid('entity_id').notNull(),
    entityName: text('entity_name'),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    /** The requester's explanation, given when the entity was created. */
    reason: text('reason'),
    decisionAt: timestamp('decision_at', { withTimezone: true }),
    decisionBy: uuid('decision_by').references(() => users.id, { onDelete: 'set null' }),
    /** The approver's comment (approve) or the requester's reason (cancel). */
    decisionComment: text('decision_comment'),
    rejectionReason: text('rejection_reason'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('approval_requests_status_check', sql`${t.status} in (${inList(APPROVAL_STATUSES)})`),
    index('approval_requests_tenant_idx').on(t.tenantId, t.createdAt),
    index('approval_requests_creator_idx').on(t.createdBy, t.createdAt),
    // One open request per entity.
    uniqueIndex('approval_requests_pending_entity_key').on(t.tenantId, t.entityType, t.entityId).where(sql`${t.status} = 'pending'`),
    index('approval_requests_pending_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'pending'`),
  ],
);

// Security settings: the platform-wide configuration (one row), the IP blacklist, and each
// tenant's browser-facing policy (CORS, CSRF, CSP, HSTS, frame and referrer headers).

/** Platform security settings; exactly one row (`scope = 'global'`), created on first read. */

export const systemSecurityConfig = pgTable('system_security_config', {
  id: uuid('id').primaryKey().defaultRandom(),
  scope: text('scope').notNull().unique().default('global'),
  dosEnabled: boolean('dos_enabled').notNull().default(true),
  dosMaxRequestsPerIp: integer('dos_max_requests_per_ip').notNull().default(10000),
  dosTimeWindowSeconds: integer('dos_time_window_seconds').notNull().default(60),
  dosBlockDurationSeconds: integer('dos_block_duration_seconds').notNull().default(60),
  queueEnabled: boolean('queue_enabled').notNull().default(false),
  queueMaxSize: integer('queue_max_size').notNull().default(1000),
  queueTimeoutMs: integer('queue_timeout_ms').notNull().default(30000),
  ipBlacklistEnabled: boolean('ip_blacklist_enabled').notNull().default(true),
  ipBlacklistAutoBlock: boolean('ip_blacklist_auto_block').notNull().default(true),
  ipBlacklistAutoBlockThreshold: integer('ip_blacklist_auto_block_threshold').notNull().default(50),
  ipBlacklistAutoBlockDurationSeconds: integer('ip_blacklist_auto_block_duration_seconds').notNull().default(900),
  circuitBreakerEnabled: boolean('circuit_breaker_enabled').notNull().default(false),
  circuitBreakerCpuThreshold: integer('circuit_breaker_cpu_threshold').notNull().default(90),
  circuitBreakerDurationSeconds: integer('circuit_breaker_duration_seconds').notNull().default(300),
  circuitBreakerCheckIntervalSeconds: integer('circuit_breaker_check_interval_seconds').notNull().default(10),
  cacheEnabled: boolean('cache_enabled').notNull().default(true),
  cacheMaxEntries: integer('cache_max_entries').notNull().default(10000),
  cacheDefaultTtlSeconds: integer('cache_default_ttl_seconds').notNull().default(300),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/** One entry per IP address (canonical text form). `expires_at` null = permanent. */

export const ipBlacklist = pgTable(
  'ip_blacklist',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ipAddress: text('ip_address').notNull(),
    reason: text('reason'),
    blockedAt: timestamp('blocked_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    autoBlocked: boolean('auto_blocked').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('ip_blacklist_ip_key').on(t.ipAddress), index('ip_blacklist_expires_idx').on(t.expiresAt)],
);

/** A tenant's browser-facing security policy (see modules/access/security/policy/policy.model.ts for fields). */

export const tenantSecurityConfigs = pgTable('tenant_security_configs', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

// The audit log: one row per successful mutating request, written in the request's transaction.

export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'app_account', 'system', 'anonymous'] as const;

export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id'),
    actorType: text('actor_type', { enum: AUDIT_ACTOR_TYPES }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_logs_tenant_created_idx').on(t.tenantId, t.createdAt), index('audit_logs_actor_idx').on(t.actorId)],
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
