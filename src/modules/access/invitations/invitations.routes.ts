// Invitations: the public routes (validate and accept a code) and the tenant's routes (list,
// create, read, resend, revoke): the contract routes, who may call them, their parameters and
// what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import parsePhoneNumber from 'libphonenumber-js/max';
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { fieldMax } from '../../../lib/field-limits';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { INVITATION_CHANNELS, INVITATION_ROLES, INVITATION_STATUSES, INVITE_THROTTLE, RESEND_EXTEND_HOURS } from './invitations.model';

// ---- public ---------------------------------------------------------------------------------

const THROTTLE_DOC =
  `**Throttling:** ${INVITE_THROTTLE.maxFailures} unknown codes or wrong passwords from one IP within ${INVITE_THROTTLE.windowSeconds / 60} minutes ` +
  `block that IP for ${INVITE_THROTTLE.blockSeconds / 60} minutes (429 with \`Retry-After\`).`;

export const validate = contractRoute(contract.postPublicInvitationsValidate, {
  description:
    'Checks an invitation code (case, spaces and dashes ignored). A usable code answers `valid: true` with the invitation summary and ' +
    'marks the invitation opened. Unknown, expired, revoked or already accepted codes answer **200** with `valid: false`, ' +
    '`invitation: null` and `error` (`INVITATION_NOT_FOUND`, `INVITATION_EXPIRED`, `INVITATION_REVOKED`, `INVITATION_ACCEPTED`). ' +
    THROTTLE_DOC,
  errors: [429],
});

export const accept = contractRoute(contract.postPublicInvitationsAccept, {
  description:
    'Accepts an invitation, once: the code is spent atomically (of two concurrent accepts exactly one succeeds; the other answers 409). ' +
    '**New user:** when no account has the email, `password` (≥ 8) is required and an account is created (`display_name` optional); ' +
    'for a phone invitation `email` is required. The new account\'s email is **unconfirmed** either way and a verification link is sent ' +
    'to it (as at registration): the inviter sees `full_code` when creating the invitation, so holding the code proves nothing about ' +
    'the mailbox. **Existing user:** when an account has the email, its `password` proves it (401 otherwise) and the ' +
    'account gains the membership; the password check shares the sign-in throttle of that account and IP (a wrong password counts ' +
    'as a failed sign-in, and while sign-in is blocked for the account this answers 429 with `Retry-After` too). For an email invitation `email` may be omitted and must otherwise match the invitation (403). ' +
    'The role is re-checked against the inviter\'s current role: an inviter who lost the rank (or left) makes the invitation unusable (403). ' +
    'Answers 404 for an unknown code, 409 for an expired, revoked or accepted invitation or when the user is already a member, ' +
    '403 when the tenant has password sign-in disabled, 422 for the OAuth path (not offered: accept with a password). ' +
    'Returns a session (`access_token`, `refresh_token`, also set as the refresh cookie) in the invitation\'s tenant; ' +
    '`requires_post_auth_flow` tells whether mandatory post-sign-in tasks are pending. An account with 2FA gets a session that owes its second factor. ' +
    THROTTLE_DOC,
  errors: [409, 429],
});

// ---- tenant ---------------------------------------------------------------------------------

const idParamSchema = idParam('Invitation id');

/** The reference's create body (its anyOf cannot be generated): one of email or phone is required. */
export const createBody = z
  .strictObject({
    recipient_email: z.email().optional(),
    recipient_phone: z.string().optional(),
    role: z.enum(INVITATION_ROLES).default('member'),
    channel: z.enum(INVITATION_CHANNELS).default('email'),
    language: z.string().max(fieldMax('language')).default('en'),
    personal_message: z.string().max(500).optional(),
    expires_in_hours: z.number().min(1).max(168).default(24),
  })
  .superRefine((b, ctx) => {
    if (!b.recipient_email && !b.recipient_phone) ctx.addIssue({ code: 'custom', path: ['recipient_email'], message: 'recipient_email or recipient_phone is required' });
    if (b.recipient_email && b.recipient_email.length > 254) ctx.addIssue({ code: 'custom', path: ['recipient_email'], message: 'At most 254 characters' });
    if (b.recipient_phone) {
      const phone = b.recipient_phone.startsWith('+') && b.recipient_phone.length <= 32 ? parsePhoneNumber(b.recipient_phone) : undefined;
      if (!phone?.isValid()) ctx.addIssue({ code: 'custom', path: ['recipient_phone'], message: 'A valid phone number in E.164 format (+4930123456)' });
    }
    if (!/^[a-z]{2}$/.test(b.language)) ctx.addIssue({ code: 'custom', path: ['language'], message: 'ISO 639-1 code (two lower-case letters)' });
    if (b.channel === 'email' && !b.recipient_email) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'The email channel needs recipient_email' });
    if (b.channel !== 'email' && !b.recipient_phone) ctx.addIssue({ code: 'custom', path: ['channel'], message: `The ${b.channel} channel needs recipient_phone` });
  })
  .openapi({ anyOf: [{ required: ['recipient_email'] }, { required: ['recipient_phone'] }] });

const STATUS_DOC =
  '`status` is computed when read: `expired` as soon as `expires_at` has passed (a cron job also marks such rows), ' +
  '`failed`/`sent` from the delivery of the latest invitation message, `opened` once the recipient validated the code, else `pending`. ' +
  '`code` is masked (last 4 characters visible); the full code is shown only in the create response and in the message sent.';

export const list = contractRoute(contract.getSecureInvitations, {
  description: `The tenant's invitations, newest first. Query: \`status\` (one of the statuses below), \`limit\` 1..100 (default 20), \`offset\`. ${STATUS_DOC}`,
  request: { query: z.object({ status: z.enum(INVITATION_STATUSES).optional().openapi({ description: 'Only invitations in this status' }), ...limitOffsetQuery(20, 100) }) },
  auth: { permission: 'invitations:read' },
});

export const create = contractRoute(
  { ...contract.postSecureInvitations, body: createBody },
  {
    description:
      'Invites someone by `recipient_email` or `recipient_phone` (E.164, validated) and sends the invitation through `channel` ' +
      '(email needs `recipient_email`; sms and whatsapp need `recipient_phone`). The response carries `full_code` and `invitation_url` ' +
      'once: only a hash of the code is stored. `role` cannot be above the inviter\'s own role (403). 409 when the recipient already has ' +
      'an open invitation in this tenant, or the email already belongs to a member. `expires_in_hours` 1..168 (default 24). ' +
      'Signed-in people only (the inviter is named in the invitation). ' + STATUS_DOC,
    auth: { permission: 'invitations:write', usersOnly: true },
    errors: [409],
  },
);

export const get = contractRoute(contract.getSecureInvitationsById, {
  description: `One invitation of the tenant (404 for unknown ids and other tenants' ids). ${STATUS_DOC}`,
  request: { params: idParamSchema },
  auth: { permission: 'invitations:read' },
});

export const resend = contractRoute(contract.postSecureInvitationsByIdResend, {
  description:
    'Sends the invitation again, optionally through another `channel` (the matching recipient must exist, else 400) or in another ' +
    `\`language\`. **A new code is issued** (only hashes are stored, so the old code cannot be re-sent): the previous code stops working. ` +
    `\`extend_expiry\` (default true) sets \`expires_at\` to ${RESEND_EXTEND_HOURS} hours from now, which also revives an expired invitation; ` +
    'with `extend_expiry: false` an expired invitation answers 409. Accepted or revoked invitations answer 409, as does reviving an invitation ' +
    'whose recipient meanwhile got another open one. The caller must be able to grant the invitation\'s role (403).',
  request: { params: idParamSchema },
  bodyOptional: true,
  auth: { permission: 'invitations:write', usersOnly: true },
  errors: [409],
});

export const revoke = contractRoute(contract.deleteSecureInvitationsById, {
  description: 'Revokes an invitation: its code stops working at once. 204. 409 when it was already accepted or revoked.',
  request: { params: idParamSchema },
  auth: { permission: 'invitations:write' },
  errors: [409],
});
