// Sessions: refresh (token rotation) and sign-out. Other sign-in paths (password, OAuth, invitation
// accept) issue sessions and hand out the refresh cookie through what this exports; areas that
// change a password or retire an account revoke sessions with revokeUserSessions.
import { newRouter } from '../../../http/router';
import * as h from './sessions.handlers';
import * as r from './sessions.routes';

export { createSession, prepareSession } from './sessions.service';
export { revokeUserSessions } from './sessions.queries';
export { setRefreshCookie } from './sessions.cookies';
export type { IssuedTokens, NewSession } from './sessions.model';

export const sessionsRouter = newRouter().openapi(r.refresh, h.refresh).openapi(r.logout, h.logout);
