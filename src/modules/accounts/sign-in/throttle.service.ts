// The one throttle of password checks. Every route that checks an account's password (sign-in,
// app-account sign-in, invitation accept for an existing account, password change) counts its
// failures against the same keys, per account and per IP, with the sign-in policy: a route that
// counted on its own keys would let a caller blocked at /public/auth/login keep guessing there.
import type { AuthConfig } from '../../../config';
import type { BaseContext } from '../../../context';
import type { Database } from '../../../db/client';
import { withHandle, type Tx } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { countFailedSignIn } from '../../access/security/ip-blacklist';
import { assertNotThrottled, clearFailures, recordFailure, type ThrottlePolicy } from './throttle.queries';

type Db = Database | Tx;

export const signInPolicy = (cfg: AuthConfig): ThrottlePolicy => ({
  maxFailures: cfg.maxFailures,
  windowSeconds: cfg.failureWindowSeconds,
  blockSeconds: cfg.blockSeconds,
});

/** The per-IP counter: the same window and block, a higher limit (many people share an address). */
const ipPolicy = (cfg: AuthConfig): ThrottlePolicy => ({ ...signInPolicy(cfg), maxFailures: cfg.ipMaxFailures });

const accountKey = (email: string) => `login:account:${email.toLowerCase()}`;
const ipKey = (ip: string) => `login:ip:${ip}`;
export const signInKeys = (email: string, ip: string | null) => [accountKey(email), ...(ip ? [ipKey(ip)] : [])];

/**
 * 429 with Retry-After while the account or the IP is blocked; a refused attempt still counts
 * toward the IP auto-block. Returns the keys that have a counter (see assertNotThrottled).
 */
export async function assertMayTryPassword(db: Db, email: string, ip: string | null, ctx: BaseContext): Promise<Set<string>> {
  try {
    return await assertNotThrottled(db, signInKeys(email, ip), 'sign-in attempts');
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) await countFailedSignIn(withHandle(ctx, db), ip);
    throw err;
  }
}

export interface Attempt {
  email: string;
  ip: string | null;
  userId?: string | null;
  tenantId?: string | null;
  /** Security event of the failure (`login_failed` by default). */
  eventType?: string;
}

/** Counts one wrong password (or unknown account) against the account and the IP. */
export async function passwordFailed(db: Db, cfg: AuthConfig, a: Attempt, ctx: BaseContext): Promise<void> {
  // Both counters in one round trip (statements issued together are batched over HTTP).
  const [byAccount, byIp] = await Promise.all([recordFailure(db, [accountKey(a.email)], signInPolicy(cfg)), a.ip ? recordFailure(db, [ipKey(a.ip)], ipPolicy(cfg)) : []]);
  const blocked = [...byAccount, ...byIp];
  const base = { ipAddress: a.ip, userId: a.userId, tenantId: a.tenantId };
  await recordSecurityEvent(db, { ...base, eventType: a.eventType ?? 'login_failed', severity: 'low', details: { email: a.email } });
  if (blocked.length) await recordSecurityEvent(db, { ...base, eventType: 'login_blocked', severity: 'medium', details: { keys: blocked } });
  await countFailedSignIn(withHandle(ctx, db), a.ip);
}

/** A right password clears the account's counter (the IP's stays: it may be guessing others). */
export async function passwordSucceeded(db: Db, email: string, counted?: Set<string>): Promise<void> {
  const key = accountKey(email);
  if (!counted || counted.has(key)) await clearFailures(db, [key]);
}
