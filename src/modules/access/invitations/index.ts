// Invitations: tenant admins invite people by email, SMS or WhatsApp; recipients validate and
// accept the code on public routes (new account or existing one). Rules in invitations.service.ts
// and accept.service.ts. OAuth registration (join_tenant) uses lockInvitationForAccept and
// markInvitationAccepted.
import { newRouter } from '../../../http/router';
import * as h from './invitations.handlers';
import * as r from './invitations.routes';

export { expireInvitations, lockInvitationForAccept, markInvitationAccepted } from './invitations.service';

// Public routes first, then the tenant's; static paths before `{id}`.
export const invitationsRouter = newRouter()
  .openapi(r.validate, h.validate)
  .openapi(r.accept, h.accept)
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.resend, h.resend)
  .openapi(r.revoke, h.revoke);
