// Requests to move a resource to another space (0025): one open request per resource, decided by
// the target space's managers or, when the resource approval settings ask for it, through an
// approval request of entity type `resource`.
import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './accounts';
import { resources } from './resources';
import { spaces } from './spaces';

export const MOVE_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'] as const;
export type MoveStatus = (typeof MOVE_STATUSES)[number];
export const MOVE_APPROVAL_MODES = ['resource', 'target_space'] as const;
export type MoveApprovalMode = (typeof MOVE_APPROVAL_MODES)[number];

export const resourceMoveRequests = pgTable('resource_move_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  resourceId: uuid('resource_id').notNull().references(() => resources.id, { onDelete: 'cascade' }),
  sourceSpaceId: uuid('source_space_id').notNull().references(() => spaces.id, { onDelete: 'cascade' }),
  targetSpaceId: uuid('target_space_id').notNull().references(() => spaces.id, { onDelete: 'cascade' }),
  requestedBy: uuid('requested_by').notNull().references(() => users.id, { onDelete: 'cascade' }),
  status: text('status', { enum: MOVE_STATUSES }).notNull().default('pending'),
  requiresResourceApproval: boolean('requires_resource_approval').notNull().default(false),
  approvalMode: text('approval_mode', { enum: MOVE_APPROVAL_MODES }).notNull(),
  approvalRequestId: uuid('approval_request_id'),
  approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
  reason: text('reason'),
  rejectionReason: text('rejection_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
