// The invitation vocabulary shared by routes, handlers and the services (no ORM for their importers).
//
// Stored status is pending | accepted | expired | revoked. What callers see is derived when read:
// accepted/revoked as stored; expired when stored so or when `expires_at` has passed (no job needs to
// have run); otherwise failed/sent from the latest invitation message's delivery state, opened once
// the recipient validated the code, else pending. The cron job (expireInvitations) also marks
// overdue rows `expired`, which frees the one-open-invitation-per-recipient slot.
import type { z } from '@hono/zod-openapi';
import type * as contract from '../../../contract/access';
import type { invitations } from '../../../db/schema/access';
import type { INVITATION_CHANNELS, InvitationRole, InvitationStatus } from '../../../db/schema/access';

export { INVITATION_CHANNELS, INVITATION_ROLES, INVITATION_STATUSES, type InvitationRole, type InvitationStatus } from '../../../db/schema/access';
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];

export const RESEND_EXTEND_HOURS = 24;

/** Failures (unknown codes, wrong passwords) per IP within the window before a block. */
export const INVITE_THROTTLE = { maxFailures: 10, windowSeconds: 900, blockSeconds: 900 };

export type InvitationRow = typeof invitations.$inferSelect;
export type InvitationValues = typeof invitations.$inferInsert;

/** An invitation as read for an answer: the row, the status readers see, and the names shown. */
export interface InvitationView {
  inv: InvitationRow;
  status: InvitationStatus;
  tenantName: string;
  inviterName: string | null;
  sentAt: Date | null;
}

/** The create body once validated (routes' createBody). */
export interface NewInvitation {
  recipient_email?: string;
  recipient_phone?: string;
  role: InvitationRole;
  channel: InvitationChannel;
  language: string;
  personal_message?: string;
  expires_in_hours: number;
}

export type ResendInput = z.output<typeof contract.postSecureInvitationsByIdResend.body>;
export type AcceptInput = z.output<typeof contract.postPublicInvitationsAccept.body>;

export interface ListFilter {
  status?: InvitationStatus;
  limit: number;
  offset: number;
}

/** The answer of validate: a usable invitation, or why not. */
export type Validation = { valid: true; view: InvitationView } | { valid: false; error: string };
