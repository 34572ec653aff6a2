// Invitation handlers: read the validated input, call the services, shape the reference's answer.
import { authConfig } from '../../../config';
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { userAgent } from '../../../lib/request';
import { validationError } from '../../../lib/validation';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { setRefreshCookie } from '../../accounts/sessions';
import * as acceptance from './accept.service';
import { maskCode } from './invitations.codes';
import type { InvitationView } from './invitations.model';
import * as routes from './invitations.routes';
import * as service from './invitations.service';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function toInvitation(v: InvitationView) {
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

// ---- public ---------------------------------------------------------------------------------

export const validate: Handler<typeof routes.validate> = async (c) => {
  const result = await acceptance.validateCode(serviceContext(c), c.req.valid('json').code);
  if (!result.valid) return c.json({ valid: false, invitation: null, error: result.error }, 200);
  const { inv, tenantName, inviterName } = result.view;
  return c.json(
    {
      valid: true,
      invitation: {
        tenantId: inv.tenantId,
        tenant_name: tenantName,
        role: inv.role,
        recipient_email: inv.recipientEmail,
        recipient_phone: inv.recipientPhone,
        invited_by_name: inviterName,
        expires_at: inv.expiresAt.toISOString(),
      },
      error: null,
    },
    200,
  );
};

export const accept: Handler<typeof routes.accept> = async (c) => {
  const ctx = serviceContext(c);
  const { inv, user, tokens, tenantName, created, requiresPostAuthFlow } = await acceptance.acceptInvitation(ctx, c.req.valid('json'), userAgent(c));
  setRefreshCookie(c, authConfig(ctx.env), tokens.refreshToken, false);
  return c.json(
    {
      success: true,
      message: created ? 'Account created and invitation accepted' : 'Invitation accepted',
      user: { id: user.id, email: user.email, display_name: user.displayName, tenantId: inv.tenantId, tenant_name: tenantName, role: inv.role },
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      requires_post_auth_flow: requiresPostAuthFlow,
    },
    201,
  );
};

// ---- tenant ---------------------------------------------------------------------------------

export const list: Handler<typeof routes.list> = async (c) => {
  const { status, limit, offset } = c.req.valid('query');
  const { rows, total } = await service.listInvitations(serviceContext(c), { status, limit, offset });
  return c.json({ data: rows.map(toInvitation), pagination: { total, limit, offset, hasMore: offset + rows.length < total } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const parsed = routes.createBody.safeParse(c.req.valid('json'));
  if (!parsed.success) throw validationError(parsed.error, 'json');
  const { view, code, url } = await service.createInvitation(serviceContext(c), await userPrincipal(c), parsed.data);
  return c.json({ data: { ...toInvitation(view), invitation_url: url, full_code: code } }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toInvitation(await service.getInvitation(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const resend: Handler<typeof routes.resend> = async (c) => {
  const body = c.req.valid('json') ?? { extend_expiry: true };
  const view = await service.resendInvitation(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, body);
  return c.json({ data: toInvitation(view) }, 200);
};

export const revoke: Handler<typeof routes.revoke> = async (c) => {
  await service.revokeInvitation(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};
