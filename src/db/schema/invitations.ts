// Invitations to join a tenant, and approval requests with their per-tenant settings.
// Invitation codes are stored as SHA-256 hashes (high-entropy random codes: a fast hash suffices);
// only the last four characters are kept in clear to show a masked code.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboxMessages } from './outbox';
import { tenants, users } from './identity';

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
