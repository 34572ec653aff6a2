// Invitations: codes, the status a reader sees, the response shape, sending and expiry.
//
// Stored status is pending | accepted | expired | revoked. What callers see is derived when read:
// accepted/revoked as stored; expired when stored so or when `expires_at` has passed (no job needs to
// have run); otherwise failed/sent from the latest invitation message's delivery state, opened once
// the recipient validated the code, else pending. The cron job (expireInvitations) also marks
// overdue rows `expired`, which frees the one-open-invitation-per-recipient slot.
import { and, eq, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import { authConfig } from '../../config';
import type { Database } from '../../db/client';
import { memberships, tenants, users, type Role } from '../../db/schema/identity';
import { invitations, type InvitationRole, type InvitationStatus } from '../../db/schema/invitations';
import { outboxMessages } from '../../db/schema/outbox';
import type { Tx } from '../../db/tx';
import type { AppEnv } from '../../env';
import { serviceContext } from '../../middleware/service-context';
import { randomBytes, sha256Hex } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { ROLE_RANK } from '../../lib/permissions';
import { sendMessage } from '../outbox/send';

/** Crockford-style alphabet without I, L, O, U: easy to read aloud and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 32 symbols: 80 bits, far beyond guessing at the throttled rate. */
export const CODE_LENGTH = 16;
export const RESEND_EXTEND_HOURS = 24;

export function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** What users type: case, spaces and dashes do not matter. */
export const normalizeCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
export const hashCode = (code: string) => sha256Hex(normalizeCode(code));
export const maskCode = (last4: string) => `${'*'.repeat(CODE_LENGTH - 4)}${last4}`;

const inviter = alias(users, 'inviter');

/** The status a reader sees (see the header comment). */
export const statusSql = sql<InvitationStatus>`case
  when ${invitations.status} in ('accepted', 'revoked') then ${invitations.status}
  when ${invitations.status} = 'expired' or ${invitations.expiresAt} <= now() then 'expired'
  when ${outboxMessages.status} = 'failed' then 'failed'
  when ${invitations.openedAt} is not null then 'opened'
  when ${outboxMessages.status} = 'sent' then 'sent'
  else 'pending' end`;

/** Open = can still be accepted, resent or revoked. */
export const isOpen = (s: InvitationStatus) => s === 'pending' || s === 'sent' || s === 'opened' || s === 'failed';

const selection = {
  inv: invitations,
  status: statusSql,
  tenantName: tenants.name,
  inviterName: sql<string | null>`coalesce(${inviter.displayName}, ${inviter.email})`,
  sentAt: outboxMessages.sentAt,
};

export type InvitationView = { inv: typeof invitations.$inferSelect; status: InvitationStatus; tenantName: string; inviterName: string | null; sentAt: Date | null };

export function selectInvitations(db: Database | Tx, where: SQL | undefined) {
  return db
    .select(selection)
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .leftJoin(outboxMessages, eq(outboxMessages.id, invitations.messageId))
    .where(where);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toInvitation(v: InvitationView) {
  const i = v.inv;
  return {
    id: i.id,
    tenantId: i.tenantId,
    tenant_name: v.tenantName,
    invited_by: i.invitedBy,
    invited_by_name: v.inviterName,
    recipient_email: i.recipientEmail,
    recipient_phone: i.recipientPhone,
    code: maskCode(i.codeLast4),
    role: i.role,
    status: v.status,
    channel: i.channel,
    language: i.language,
    personal_message: i.personalMessage,
    expires_at: i.expiresAt.toISOString(),
    sent_at: iso(v.sentAt),
    opened_at: iso(i.openedAt),
    accepted_at: iso(i.acceptedAt),
    accepted_by: i.acceptedBy,
    created_at: i.createdAt.toISOString(),
    updated_at: i.updatedAt.toISOString(),
  };
}

export const invitationUrl = (c: Context<AppEnv>, code: string) => `${authConfig(c.env).appUrl}/invitations/accept?code=${encodeURIComponent(code)}`;

/** May `role` (the inviter's) grant `wanted`? System administrators may grant any role. */
export function canGrant(role: Role | null, isSystemAdmin: boolean, wanted: InvitationRole): boolean {
  if (isSystemAdmin) return true;
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[wanted];
}

/** Writes the invitation message to the outbox and points the invitation at it. */
export async function sendInvitation(
  c: Context<AppEnv>,
  db: Database | Tx,
  inv: typeof invitations.$inferSelect,
  code: string,
  names: { inviter: string | null; tenant: string },
): Promise<void> {
  const to = inv.channel === 'email' ? inv.recipientEmail : inv.recipientPhone;
  if (!to) throw new ApiError('INTERNAL_ERROR', 'Invitation has no recipient for its channel');
  const link = invitationUrl(c, code);
  const messageId = await sendMessage(serviceContext(c), db, {
    tenantId: inv.tenantId,
    channel: inv.channel,
    to,
    template: 'invitation',
    vars: { link, code, inviter: names.inviter ?? undefined, tenantName: names.tenant, personalMessage: inv.personalMessage ?? undefined },
    payload: { invitationId: inv.id, language: inv.language },
    idempotencyKey: `invitation:${inv.id}:${code.slice(0, 8)}`,
  });
  await db.update(invitations).set({ messageId }).where(eq(invitations.id, inv.id));
}

/** The inviter's current role in the invitation's tenant (null when no longer an active member). */
export async function currentRole(db: Database | Tx, userId: string, tenantId: string): Promise<{ role: Role | null; isSystemAdmin: boolean }> {
  const [row] = await db
    .select({ role: memberships.role, status: memberships.status, isSystemAdmin: users.isSystemAdmin })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantId)))
    .where(eq(users.id, userId));
  return { role: row?.status === 'active' ? row.role : null, isSystemAdmin: row?.isSystemAdmin ?? false };
}

/** Cron: marks overdue open invitations `expired`. Idempotent (only `pending` rows past expiry change). */
export async function expireInvitations(db: Database | Tx): Promise<number> {
  const rows = await db
    .update(invitations)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, sql`now()`)))
    .returning({ id: invitations.id });
  return rows.length;
}

/** Before creating or reviving: an overdue open invitation for the same recipient no longer blocks. */
export async function expireOverdueFor(db: Database | Tx, tenantId: string, email: string | null, phone: string | null): Promise<void> {
  const who = [email ? eq(invitations.recipientEmail, email) : undefined, phone ? eq(invitations.recipientPhone, phone) : undefined].filter(Boolean) as SQL[];
  if (!who.length) return;
  await db
    .update(invitations)
    .set({ status: 'expired', updatedAt: sql`now()` })
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.status, 'pending'), lte(invitations.expiresAt, sql`now()`), sql`(${sql.join(who, sql` or `)})`));
}

/** Postgres unique violation on one of the one-open-invitation indexes. */
export function isDuplicateOpen(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e.code ?? e.cause?.code;
  const constraint = e.constraint ?? e.cause?.constraint ?? '';
  return code === '23505' && constraint.startsWith('invitations_pending_');
}

/**
 * Locks an invitation by its code for acceptance (in the caller's transaction). Refuses an unknown
 * code (404), one that is expired, revoked or accepted (409), and one whose inviter can no longer
 * grant its role (403). Used by the public accept and by OAuth registration (join_tenant).
 */
export async function lockInvitationForAccept(tx: Database | Tx, code: string): Promise<InvitationView> {
  const [view] = await selectInvitations(tx, eq(invitations.codeHash, await hashCode(code))).for('update', { of: invitations });
  if (!view) throw new ApiError('NOT_FOUND', 'Invitation not found');
  if (view.status === 'expired' || view.status === 'revoked' || view.status === 'accepted') {
    throw new ApiError('CONFLICT', `The invitation is ${view.status}`, { status: view.status });
  }
  const inviter = await currentRole(tx, view.inv.invitedBy, view.inv.tenantId);
  if (!canGrant(inviter.role, inviter.isSystemAdmin, view.inv.role)) {
    throw new ApiError('FORBIDDEN', 'The inviter can no longer grant this role; ask for a new invitation');
  }
  return view;
}

/** The single-use step: only an open, unexpired invitation turns accepted (409 otherwise). */
export async function markInvitationAccepted(tx: Database | Tx, invitationId: string, userId: string): Promise<void> {
  const spent = await tx
    .update(invitations)
    .set({ status: 'accepted', acceptedAt: sql`now()`, acceptedBy: userId, updatedAt: sql`now()` })
    .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'pending'), sql`${invitations.expiresAt} > now()`))
    .returning({ id: invitations.id });
  if (!spent.length) throw new ApiError('CONFLICT', 'The invitation was just used');
}
