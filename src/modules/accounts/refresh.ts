import * as contract from '../../contract/accounts';
import { authConfig } from '../../config';
import { ApiError } from '../../lib/errors';
import { clientIp } from '../../lib/request';
import { contractRoute } from '../../lib/route';
import { newRouter } from '../../lib/router';
import { readRefreshCookie, rotateRefreshToken, setRefreshCookie } from './sessions';

const route = contractRoute(contract.postPublicAuthRefresh, {
  description:
    'Exchanges a refresh token (in the body, else the HttpOnly `refresh_token` cookie) for a new access ' +
    'token and a new refresh token. Every refresh token works once: presenting a spent one revokes the ' +
    'whole session (all its tokens), since it means the token leaked.',
  bodyOptional: true,
});

export const refresh = newRouter().openapi(route, async (c) => {
  const token = c.req.valid('json')?.refreshToken ?? readRefreshCookie(c);
  if (!token) throw new ApiError('UNAUTHORIZED', 'Refresh token required (body `refreshToken` or the refresh_token cookie)');
  const cfg = authConfig(c.env);
  const tokens = await rotateRefreshToken(await c.var.db(), cfg, token, clientIp(c));
  setRefreshCookie(c, cfg, tokens.refreshToken, tokens.rememberMe);
  return c.json({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn }, 200);
});
