// The refresh token cookie. HTTP, so handlers set, read and clear it; services return the tokens.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthConfig } from '../../../config';

const REFRESH_COOKIE = 'refresh_token';
const REFRESH_COOKIE_PATH = '/api/v1/public/auth';

export function setRefreshCookie(c: Context, cfg: AuthConfig, token: string, rememberMe: boolean) {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: cfg.secureCookies,
    sameSite: 'Strict',
    path: REFRESH_COOKIE_PATH,
    maxAge: (rememberMe ? cfg.rememberMeTtlDays : cfg.sessionTtlDays) * 86_400,
  });
}

export const readRefreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE);
export const clearRefreshCookie = (c: Context) => deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
