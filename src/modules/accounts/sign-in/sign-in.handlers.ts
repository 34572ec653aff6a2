// Sign-in handlers: the service signs in; the handler sets the refresh cookie and shapes the answer.
import { authConfig } from '../../../config';
import type { Handler } from '../../../http/handler';
import { userAgent } from '../../../lib/request';
import { serviceContext } from '../../../middleware/service-context';
import { setRefreshCookie } from '../sessions';
import type * as routes from './sign-in.routes';
import * as service from './sign-in.service';
import { loginUser } from './sign-in.views';

export const login: Handler<typeof routes.login> = async (c) => {
  const body = c.req.valid('json');
  const ctx = serviceContext(c);
  const s = await service.signIn(ctx, { email: body.email, password: body.password, tenantId: body.tenantId, host: new URL(c.req.url).hostname, rememberMe: body.rememberMe, userAgent: userAgent(c) });
  setRefreshCookie(c, authConfig(ctx.env), s.tokens.refreshToken, s.tokens.rememberMe);
  return c.json(
    {
      user: loginUser(s.user, s.tenant, s.access, s.mfa),
      accessToken: s.tokens.accessToken,
      refreshToken: s.tokens.refreshToken,
      expiresIn: s.tokens.expiresIn,
    },
    200,
  );
};

export const userTenants: Handler<typeof routes.userTenants> = async (c) => {
  const rows = await service.tenantsForEmail(serviceContext(c), c.req.valid('query').email);
  return c.json({ tenants: rows, hasMultipleTenants: rows.length > 1 }, 200);
};
