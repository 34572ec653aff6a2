// Custom domains of tenants (drizzle/0014_tenant_domains.sql). One row per domain platform-wide:
// the unique name lets a verified domain resolve its tenant from a request's Host header.
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const DOMAIN_STATUSES = ['pending', 'verifying', 'verified', 'failed', 'expired'] as const;
export const VERIFICATION_METHODS = ['cname', 'txt', 'http'] as const;
export const SSL_STATUSES = ['none', 'pending', 'issued', 'failed', 'expiring', 'expired'] as const;
export const VERIFY_ERROR_CODES = ['DNS_LOOKUP_FAILED', 'CNAME_MISMATCH', 'TXT_NOT_FOUND', 'HTTP_NOT_FOUND', 'TIMEOUT'] as const;

export type DomainStatus = (typeof DOMAIN_STATUSES)[number];
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
export type SslStatus = (typeof SSL_STATUSES)[number];
export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number];

export const tenantDomains = pgTable(
  'tenant_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    /** Lower-cased hostname, unique across tenants. */
    domain: text('domain').notNull(),
    domainType: text('domain_type', { enum: ['api'] }).notNull().default('api'),
    status: text('status', { enum: DOMAIN_STATUSES }).notNull().default('pending'),
    /** 32 alphanumeric characters: the TXT value and the HTTP file's content. */
    verificationToken: text('verification_token').notNull(),
    verificationMethod: text('verification_method', { enum: VERIFICATION_METHODS }).notNull().default('cname'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** The last verification attempt and its error code (null when it passed). */
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastErrorCode: text('last_error_code', { enum: VERIFY_ERROR_CODES }),
    sslStatus: text('ssl_status', { enum: SSL_STATUSES }).notNull().default('none'),
    sslIssuedAt: timestamp('ssl_issued_at', { withTimezone: true }),
    sslExpiresAt: timestamp('ssl_expires_at', { withTimezone: true }),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tenant_domains_domain_key').on(t.domain), index('tenant_domains_tenant_idx').on(t.tenantId, t.createdAt)],
);

export type TenantDomainRow = typeof tenantDomains.$inferSelect;
