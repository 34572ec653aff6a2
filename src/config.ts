// Typed view of the Worker's variables, with defaults (documented in README.md).
import type { AppConfig, Env } from './context';
import { ApiError } from './lib/errors';

const num = (v: string | undefined, fallback: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback);

export function authConfig(env: Env) {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
    console.error(JSON.stringify({ level: 'error', msg: 'JWT_SECRET is missing or shorter than 32 characters' }));
    throw new ApiError('INTERNAL_ERROR', 'Internal server error');
  }
  return {
    jwtSecret: env.JWT_SECRET,
    accessTtlSeconds: num(env.ACCESS_TOKEN_TTL_SECONDS, 900),
    sessionTtlDays: num(env.SESSION_TTL_DAYS, 7),
    rememberMeTtlDays: num(env.REMEMBER_ME_TTL_DAYS, 30),
    /** Failed attempts (per account and per IP) before sign-in is refused for `blockSeconds`. */
    maxFailures: num(env.LOGIN_MAX_FAILURES, 5),
    /** Failures from one IP, across accounts: higher, so a shared office address (NAT) survives a few typos. */
    ipMaxFailures: num(env.LOGIN_IP_MAX_FAILURES, 30),
    failureWindowSeconds: num(env.LOGIN_WINDOW_SECONDS, 900),
    blockSeconds: num(env.LOGIN_BLOCK_SECONDS, 900),
    /** Base URL of the web app that opens verification and reset links. */
    appUrl: appConfig(env).appUrl,
    secureCookies: (env.APP_ENV ?? 'development') !== 'development' && env.APP_ENV !== 'test',
  };
}

export type AuthConfig = ReturnType<typeof authConfig>;

/** ENCRYPTION_KEY (32 bytes, base64): encrypts secrets at rest (TOTP seeds) and keys code hashes. */
export function encryptionKey(env: Pick<Env, 'ENCRYPTION_KEY'>): string {
  const key = env.ENCRYPTION_KEY?.trim() ?? '';
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(key) ? Math.floor((key.replace(/=+$/, '').length * 3) / 4) : 0;
  if (bytes !== 32) {
    console.error(JSON.stringify({ level: 'error', msg: 'ENCRYPTION_KEY is missing or not 32 bytes of base64' }));
    throw new ApiError('INTERNAL_ERROR', 'Internal server error');
  }
  return key;
}

/** Configuration read the same way by requests and background work (context/service.ts). */
export function appConfig(env: Env): AppConfig {
  return {
    appEnv: env.APP_ENV ?? 'development',
    appUrl: (env.APP_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, ''),
  };
}
