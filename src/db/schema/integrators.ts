// Programmatic access: API keys, application accounts (machine users) and idempotency records.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AccessPermissions } from '../../lib/access-permissions';
import { tenants, users } from './identity';

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
