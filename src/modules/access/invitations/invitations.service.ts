// Invitations of a tenant: list, create, read, resend, revoke; sending the message; the rule of
// which roles an inviter may grant; the accept-side checks shared with OAuth registration; expiry.
// Accepting and validating codes (public routes) is accept.service.ts.
import parsePhoneNumber from 'libphonenumber-js/max';
import type { BaseContext, JobContext, ServiceContext, UserPrincipal } from '../../../context';
import type { Role } from '../../../db/schema/accounts';
import { inTransaction } from '../../../db/tx';
import { ApiError, notFound } from '../../../lib/errors';
import { ROLE_RANK } from '../../../lib/permissions';
import { invalidFields } from '../../../lib/validation';
import { sendMessage } from '../../outbox/send';
import { hashCode, newCode } from './invitations.codes';
import { RESEND_EXTEND_HOURS, type InvitationRole, type InvitationRow, type InvitationView, type ListFilter, type NewInvitation, type ResendInput } from './invitations.model';
import * as q from './invitations.queries';
import { assertWithinLimit } from '../../tenants/settings/limits';

export const invitationUrl = (ctx: BaseContext, code: string) => `${ctx.config.appUrl}/invitations/accept?code=${encodeURIComponent(code)}`;

/** May `role` (the inviter's) grant `wanted`? System administrators may grant any role. */
export function canGrant(role: Role | null, isSystemAdmin: boolean, wanted: InvitationRole): boolean {
  if (isSystemAdmin) return true;
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[wanted];
}

/** Writes the invitation message to the outbox (delivered after commit) and points the invitation at it. */
async function sendInvitation(ctx: BaseContext, inv: InvitationRow, code: string, names: { inviter: string | null; tenant: string }): Promise<void> {
  const to = inv.channel === 'email' ? inv.recipientEmail : inv.recipientPhone;
  if (!to) throw new ApiError('INTERNAL_ERROR', 'Invitation has no recipient for its channel');
  const messageId = await sendMessage(ctx, await ctx.db(), {
    tenantId: inv.tenantId,
    channel: inv.channel,
    to,
    template: 'invitation',
    vars: { link: invitationUrl(ctx, code), code, inviter: names.inviter ?? undefined, tenantName: names.tenant, personalMessage: inv.personalMessage ?? undefined },
    payload: { invitationId: inv.id, language: inv.language },
    idempotencyKey: `invitation:${inv.id}:${code.slice(0, 8)}`,
  });
  await q.setMessage(ctx, inv, messageId);
}

/**
 * A write that may hit the one-open-invitation-per-recipient indexes runs in its own savepoint, so
 * the unique violation becomes a 409 without aborting the request's transaction.
 */
function guardDuplicate<T>(ctx: ServiceContext, write: (tx: ServiceContext) => Promise<T>, message: string): Promise<T> {
  return inTransaction(ctx, write).catch((err: unknown) => {
    if (q.isDuplicateOpen(err)) throw new ApiError('CONFLICT', message);
    throw err;
  });
}

export const listInvitations = (ctx: ServiceContext, f: ListFilter) => q.listInvitations(ctx, f);

export async function getInvitation(ctx: ServiceContext, id: string): Promise<InvitationView> {
  const view = await q.findInvitation(ctx, id);
  if (!view) throw notFound('Invitation');
  return view;
}

/** Creates and sends an invitation; the code is returned this once (only its hash is stored). */
export async function createInvitation(ctx: ServiceContext, p: UserPrincipal, b: NewInvitation): Promise<{ view: InvitationView; code: string; url: string }> {
  if (!canGrant(p.role, p.isSystemAdmin, b.role)) throw new ApiError('FORBIDDEN', `You cannot invite with role ${b.role}: it is above your own role (${p.role})`);
  const email = b.recipient_email?.toLowerCase() ?? null;
  const phone = b.recipient_phone ? parsePhoneNumber(b.recipient_phone)!.number : null;
  if (email && (await q.isMemberEmail(ctx, email))) throw new ApiError('CONFLICT', 'This email already belongs to a member of the tenant');
  await assertWithinLimit(ctx, 'users');
  await q.expireOverdueFor(ctx, email, phone);
  const code = newCode();
  const row = await guardDuplicate(
    ctx,
    async (tx) =>
      q.insertInvitation(tx, {
        invitedBy: p.userId,
        recipientEmail: email,
        recipientPhone: phone,
        codeHash: await hashCode(code),
        codeLast4: code.slice(-4),
        role: b.role,
        channel: b.channel,
        language: b.language,
        personalMessage: b.personal_message ?? null,
        expiresAt: new Date(Date.now() + b.expires_in_hours * 3_600_000),
      }),
    'The recipient already has an open invitation to this tenant; resend or revoke it',
  );
  // Read before sending: the answer shows the invitation as created (its message not yet delivered).
  const view = (await q.findInvitation(ctx, row.id))!;
  await sendInvitation(ctx, row, code, { inviter: view.inviterName, tenant: view.tenantName });
  ctx.audit({ action: 'invitation.create', resourceType: 'invitation', resourceId: row.id, details: { role: b.role, channel: b.channel } });
  return { view, code, url: invitationUrl(ctx, code) };
}

/** Sends again with a new code (the old one stops working); `extend_expiry` also revives an expired one. */
export async function resendInvitation(ctx: ServiceContext, p: UserPrincipal, id: string, body: ResendInput): Promise<InvitationView> {
  const view = await q.findInvitation(ctx, id, true);
  if (!view) throw notFound('Invitation');
  const inv = view.inv;
  if (view.status === 'accepted' || view.status === 'revoked') throw new ApiError('CONFLICT', `The invitation was ${view.status}; create a new one`);
  const extend = body.extend_expiry ?? true;
  if (view.status === 'expired' && !extend) throw new ApiError('CONFLICT', 'The invitation has expired; resend with extend_expiry: true');
  if (!canGrant(p.role, p.isSystemAdmin, inv.role)) throw new ApiError('FORBIDDEN', `You cannot grant role ${inv.role}`);
  const channel = body.channel ?? inv.channel;
  if (channel === 'email' ? !inv.recipientEmail : !inv.recipientPhone) {
    throw invalidFields('body', { channel: [`The invitation has no ${channel === 'email' ? 'email address' : 'phone number'}`] });
  }
  if (body.language !== undefined && !/^[a-z]{2}$/.test(body.language)) throw invalidFields('body', { language: ['ISO 639-1 code (two lower-case letters)'] });
  const code = newCode();
  const updated = await guardDuplicate(
    ctx,
    async (tx) =>
      q.reissue(tx, inv.id, {
        codeHash: await hashCode(code),
        codeLast4: code.slice(-4),
        channel,
        language: body.language ?? inv.language,
        ...(extend ? { expiresAt: new Date(Date.now() + RESEND_EXTEND_HOURS * 3_600_000) } : {}),
      }),
    'The recipient meanwhile has another open invitation to this tenant',
  );
  await sendInvitation(ctx, updated, code, { inviter: view.inviterName, tenant: view.tenantName });
  ctx.audit({ action: 'invitation.resend', resourceType: 'invitation', resourceId: inv.id, details: { channel, extended: extend } });
  return (await q.findInvitation(ctx, inv.id))!;
}

export async function revokeInvitation(ctx: ServiceContext, id: string): Promise<void> {
  const view = await q.findInvitation(ctx, id, true);
  if (!view) throw notFound('Invitation');
  if (view.status === 'accepted' || view.status === 'revoked') throw new ApiError('CONFLICT', `The invitation was already ${view.status}`);
  await q.revoke(ctx, id);
  ctx.audit({ action: 'invitation.revoke', resourceType: 'invitation', resourceId: id });
}

/**
 * Locks an invitation by its code for acceptance (in the caller's transaction). Refuses an unknown
 * code (404), one that is expired, revoked or accepted (409), and one whose inviter can no longer
 * grant its role (403). Used by the public accept and by OAuth registration (join_tenant).
 */
export async function lockInvitationForAccept(ctx: BaseContext, code: string): Promise<InvitationView> {
  const view = await q.findByCode(ctx, await hashCode(code), true);
  if (!view) throw new ApiError('NOT_FOUND', 'Invitation not found');
  if (view.status === 'expired' || view.status === 'revoked' || view.status === 'accepted') {
    throw new ApiError('CONFLICT', `The invitation is ${view.status}`, { status: view.status });
  }
  const inviter = await q.currentRole(ctx, view.inv.invitedBy, view.inv.tenantId);
  if (!canGrant(inviter.role, inviter.isSystemAdmin, view.inv.role)) {
    throw new ApiError('FORBIDDEN', 'The inviter can no longer grant this role; ask for a new invitation');
  }
  return view;
}

/** The single-use step: only an open, unexpired invitation turns accepted (409 otherwise). */
export async function markInvitationAccepted(ctx: BaseContext, invitationId: string, userId: string): Promise<void> {
  if (!(await q.markAccepted(ctx, invitationId, userId))) throw new ApiError('CONFLICT', 'The invitation was just used');
}

/** Cron: marks overdue open invitations `expired`. Idempotent (only `pending` rows past expiry change). */
export const expireInvitations = (ctx: JobContext): Promise<number> => q.expireOverdue(ctx);
