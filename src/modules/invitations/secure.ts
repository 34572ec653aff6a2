// Tenant side of invitations: list, create, read, resend, revoke.
import { z } from '@hono/zod-openapi';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import parsePhoneNumber from 'libphonenumber-js/max';
import * as contract from '../../contract/access';
import { memberships, users } from '../../db/schema/identity';
import { INVITATION_CHANNELS, INVITATION_ROLES, INVITATION_STATUSES, invitations } from '../../db/schema/invitations';
import { outboxMessages } from '../../db/schema/outbox';
import { ofTenant } from '../../db/tx';
import { ApiError, notFound } from '../../lib/errors';
import { fieldMax } from '../../lib/field-limits';
import { limitOffsetQuery, idParam } from '../../lib/pagination';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { validationError } from '../../lib/validation';
import { setAudit } from '../../middleware/audit';
import { principal, userPrincipal } from '../../middleware/auth';
import {
  canGrant,
  expireOverdueFor,
  hashCode,
  invitationUrl,
  isDuplicateOpen,
  newCode,
  RESEND_EXTEND_HOURS,
  selectInvitations,
  sendInvitation,
  statusSql,
  toInvitation,
} from './service';

const idParamSchema = idParam('Invitation id');

/** The reference's create body (its anyOf cannot be generated): one of email or phone is required. */
const createBody = z
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

const list = contractRoute(contract.getSecureInvitations, {
  description: `The tenant's invitations, newest first. Query: \`status\` (one of the statuses below), \`limit\` 1..100 (default 20), \`offset\`. ${STATUS_DOC}`,
  request: { query: z.object({ status: z.enum(INVITATION_STATUSES).optional().openapi({ description: 'Only invitations in this status' }), ...limitOffsetQuery(20, 100) }) },
  auth: { permission: 'invitations:read' },
});

const create = contractRoute(
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

const get = contractRoute(contract.getSecureInvitationsById, {
  description: `One invitation of the tenant (404 for unknown ids and other tenants' ids). ${STATUS_DOC}`,
  request: { params: idParamSchema },
  auth: { permission: 'invitations:read' },
});

const resend = contractRoute(contract.postSecureInvitationsByIdResend, {
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

const revoke = contractRoute(contract.deleteSecureInvitationsById, {
  description: 'Revokes an invitation: its code stops working at once. 204. 409 when it was already accepted or revoked.',
  request: { params: idParamSchema },
  auth: { permission: 'invitations:write' },
  errors: [409],
});

export const invitationSecureRoutes = newRouter()
  .openapi(list, async (c) => {
    const { status, limit, offset } = c.req.valid('query');
    const p = await principal(c);
    const db = await c.var.db();
    const where = ofTenant(invitations.tenantId, p.tenantId, status ? sql`${statusSql} = ${status}` : undefined);
    const rows = await selectInvitations(db, where).orderBy(desc(invitations.createdAt), desc(invitations.id)).limit(limit).offset(offset);
    const [{ n } = { n: 0 }] = await db
      .select({ n: count() })
      .from(invitations)
      .leftJoin(outboxMessages, eq(outboxMessages.id, invitations.messageId))
      .where(where);
    return c.json({ data: rows.map(toInvitation), pagination: { total: n, limit, offset, hasMore: offset + rows.length < n } }, 200);
  })
  .openapi(create, async (c) => {
    const parsed = createBody.safeParse(c.req.valid('json'));
    if (!parsed.success) throw validationError(parsed.error, 'json');
    const b = parsed.data;
    const p = await userPrincipal(c);
    if (!canGrant(p.role, p.isSystemAdmin, b.role)) throw new ApiError('FORBIDDEN', `You cannot invite with role ${b.role}: it is above your own role (${p.role})`);
    const email = b.recipient_email?.toLowerCase() ?? null;
    const phone = b.recipient_phone ? parsePhoneNumber(b.recipient_phone)!.number : null;
    const db = await c.var.db();
    if (email) {
      const [member] = await db
        .select({ id: users.id })
        .from(users)
        .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, p.tenantId)))
        .where(eq(users.email, email));
      if (member) throw new ApiError('CONFLICT', 'This email already belongs to a member of the tenant');
    }
    await expireOverdueFor(db, p.tenantId, email, phone);
    const code = newCode();
    const row = await db
      .transaction(async (tx) => {
        const [inv] = await tx
          .insert(invitations)
          .values({
            tenantId: p.tenantId,
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
          })
          .returning();
        return inv!;
      })
      .catch((err: unknown) => {
        if (isDuplicateOpen(err)) throw new ApiError('CONFLICT', 'The recipient already has an open invitation to this tenant; resend or revoke it');
        throw err;
      });
    const [view] = await selectInvitations(db, eq(invitations.id, row.id));
    await sendInvitation(c, db, row, code, { inviter: view!.inviterName, tenant: view!.tenantName });
    setAudit(c, { action: 'invitation.create', resourceType: 'invitation', resourceId: row.id, details: { role: b.role, channel: b.channel } });
    return c.json({ data: { ...toInvitation(view!), invitation_url: invitationUrl(c, code), full_code: code } }, 201);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const [view] = await selectInvitations(db, ofTenant(invitations.tenantId, p.tenantId, eq(invitations.id, id)));
    if (!view) throw notFound('Invitation');
    return c.json({ data: toInvitation(view) }, 200);
  })
  .openapi(resend, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? { extend_expiry: true };
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const [view] = await selectInvitations(db, ofTenant(invitations.tenantId, p.tenantId, eq(invitations.id, id))).for('update', { of: invitations });
    if (!view) throw notFound('Invitation');
    const inv = view.inv;
    if (view.status === 'accepted' || view.status === 'revoked') throw new ApiError('CONFLICT', `The invitation was ${view.status}; create a new one`);
    const extend = body.extend_expiry ?? true;
    if (view.status === 'expired' && !extend) throw new ApiError('CONFLICT', 'The invitation has expired; resend with extend_expiry: true');
    if (!canGrant(p.role, p.isSystemAdmin, inv.role)) throw new ApiError('FORBIDDEN', `You cannot grant role ${inv.role}`);
    const channel = body.channel ?? inv.channel;
    if (channel === 'email' ? !inv.recipientEmail : !inv.recipientPhone) {
      throw new ApiError('VALIDATION_ERROR', 'Invalid body: channel', { location: 'body', fields: { channel: [`The invitation has no ${channel === 'email' ? 'email address' : 'phone number'}`] } });
    }
    if (body.language !== undefined && !/^[a-z]{2}$/.test(body.language)) {
      throw new ApiError('VALIDATION_ERROR', 'Invalid body: language', { location: 'body', fields: { language: ['ISO 639-1 code (two lower-case letters)'] } });
    }
    const code = newCode();
    const updated = await db
      .transaction(async (tx) => {
        const [u] = await tx
          .update(invitations)
          .set({
            codeHash: await hashCode(code),
            codeLast4: code.slice(-4),
            channel,
            language: body.language ?? inv.language,
            status: 'pending',
            openedAt: null,
            ...(extend ? { expiresAt: new Date(Date.now() + RESEND_EXTEND_HOURS * 3_600_000) } : {}),
            updatedAt: sql`now()`,
          })
          .where(eq(invitations.id, inv.id))
          .returning();
        return u!;
      })
      .catch((err: unknown) => {
        if (isDuplicateOpen(err)) throw new ApiError('CONFLICT', 'The recipient meanwhile has another open invitation to this tenant');
        throw err;
      });
    await sendInvitation(c, db, updated, code, { inviter: view.inviterName, tenant: view.tenantName });
    const [after] = await selectInvitations(db, eq(invitations.id, inv.id));
    setAudit(c, { action: 'invitation.resend', resourceType: 'invitation', resourceId: inv.id, details: { channel, extended: extend } });
    return c.json({ data: toInvitation(after!) }, 200);
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const [view] = await selectInvitations(db, ofTenant(invitations.tenantId, p.tenantId, eq(invitations.id, id))).for('update', { of: invitations });
    if (!view) throw notFound('Invitation');
    if (view.status === 'accepted' || view.status === 'revoked') throw new ApiError('CONFLICT', `The invitation was already ${view.status}`);
    await db.update(invitations).set({ status: 'revoked', revokedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(invitations.id, id));
    setAudit(c, { action: 'invitation.revoke', resourceType: 'invitation', resourceId: id });
    return noContent(c);
  });
