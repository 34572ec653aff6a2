// Session handlers: the refresh cookie is read and written here (HTTP); rotation is the service's.
import { authConfig } from '../../../config';
import type { Handler } from '../../../http/handler';
import { ApiError } from '../../../lib/errors';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { assertCsrfForRefreshCookie } from '../../access/security/csrf';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './sessions.cookies';
import type * as routes from './sessions.routes';
import * as service from './sessions.service';

export const refresh: Handler<typeof routes.refresh> = async (c) => {
  const bodyToken = c.req.valid('json')?.refreshToken;
  const token = bodyToken ?? readRefreshCookie(c);
  if (!token) throw new ApiError('UNAUTHORIZED', 'Refresh token required (body `refreshToken` or the refresh_token cookie)');
  const ctx = serviceContext(c);
  const cfg = authConfig(ctx.env);
  if (!bodyToken) await assertCsrfForRefreshCookie(ctx, token, { header: (name) => c.req.header(name), path: c.req.path });
  const tokens = await service.rotateRefreshToken(ctx, token);
  setRefreshCookie(c, cfg, tokens.refreshToken, tokens.rememberMe);
  ctx.audit({ action: 'auth.refresh', resourceType: 'user', resourceId: tokens.userId, tenantId: tokens.tenantId, actorId: tokens.userId, details: { sessionId: tokens.sessionId } });
  return c.json({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn }, 200);
};

export const logout: Handler<typeof routes.logout> = async (c) => {
  const p = await userPrincipal(c);
  await service.endSession(serviceContext(c), p.sessionId);
  clearRefreshCookie(c);
  return c.json({ message: 'Signed out' }, 200);
};
