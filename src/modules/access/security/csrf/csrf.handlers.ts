// CSRF token handler: issues the token and sets it as the tenant's CSRF cookie.
import { setCookie } from 'hono/cookie';
import type { Handler } from '../../../../http/handler';
import { userPrincipal } from '../../../../middleware/auth';
import { serviceContext } from '../../../../middleware/service-context';
import type * as routes from './csrf.routes';
import * as service from './csrf.service';

export const issue: Handler<typeof routes.issue> = async (c) => {
  const p = await userPrincipal(c);
  const { token, expiresAt, cookie } = await service.issueForSession(serviceContext(c), p.tenantId, p.sessionId);
  setCookie(c, cookie.name, token, { path: '/', sameSite: 'Strict', secure: cookie.secure, httpOnly: false, maxAge: cookie.maxAge });
  return c.json({ data: { token, expires_at: expiresAt.toISOString() } }, 200);
};
