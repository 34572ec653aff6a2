// Invitations: tenant admins invite people by email, SMS or WhatsApp; recipients validate and
// accept the code on public routes (new account or existing one). Rules in service.ts.
import { newRouter } from '../../http/router';
import { invitationPublicRoutes } from './public';
import { invitationSecureRoutes } from './secure';

export const invitationsModule = newRouter().route('/', invitationPublicRoutes).route('/', invitationSecureRoutes);
