import * as contract from '../../contract/accounts';
import { authConfig } from '../../config';
import { ApiError } from '../../lib/errors';
import { clientIp } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { serviceContext } from '../../middleware/service-context';
import { assertCsrfForRefreshCookie } from '../access/security/csrf';
import { setAudit } from '../../middleware/audit';
import { readRefreshCookie, rotateRefreshToken, setRefreshCookie } from './sessions';

const route = contractRoute(contract.postPublicAuthRefresh, {
  description:
    'Exchanges a refresh token (in the body, else the HttpOnly `refresh_token` cookie) for a new access ' +
    'token and a new refresh token. Every refresh token works once: presenting a spent one revokes the ' +
    'whole session (all its tokens), since it means the token leaked. **CSRF:** when the session\'s tenant has ' +
    '`csrf_enabled`, a refresh taken from the cookie (no body token) must carry a valid CSRF token (from POST ' +
    '/api/v1/secure/security/csrf-token) in the tenant\'s `csrf_header_name` header (default X-CSRF-Token), else 403.',
  bodyOptional: true,
});

export const refresh = newRouter().openapi(route, async (c) => {
  const bodyToken = c.req.valid('json')?.refreshToken;
  const token = bodyToken ?? readRefreshCookie(c);
  if (!token) throw new ApiError('UNAUTHORIZED', 'Refresh token required (body `refreshToken` or the refresh_token cookie)');
  const cfg = authConfig(c.env);
  const db = await c.var.db();
  if (!bodyToken) await assertCsrfForRefreshCookie(serviceContext(c), token, { header: (name) => c.req.header(name), path: c.req.path });
  const tokens = await rotateRefreshToken(db, cfg, token, clientIp(c));
  setRefreshCookie(c, cfg, tokens.refreshToken, tokens.rememberMe);
  setAudit(c, { action: 'auth.refresh', resourceType: 'user', resourceId: tokens.userId, tenantId: tokens.tenantId, actorId: tokens.userId, details: { sessionId: tokens.sessionId } });
  return c.json({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn }, 200);
});
