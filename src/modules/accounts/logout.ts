import * as contract from '../../contract/accounts';
import { userPrincipal } from '../../middleware/auth';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { clearRefreshCookie, revokeSession } from './sessions';

const route = contractRoute(contract.postSecureAuthLogout, {
  description: 'Revokes the current session on the server (its refresh tokens stop working at once; access tokens are refused on their next use) and clears the refresh cookie.',
  auth: { allowDuringFlow: true, allowMfaPending: true, allowMfaEnrollment: true, usersOnly: true },
});

export const logout = newRouter().openapi(route, async (c) => {
  const p = await userPrincipal(c);
  await revokeSession(await c.var.db(), p.sessionId, 'logout');
  clearRefreshCookie(c);
  return c.json({ message: 'Signed out' }, 200);
});
