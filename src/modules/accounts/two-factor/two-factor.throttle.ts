// Wrong two-factor codes leave traces although the answer is an error: the code-checking routes
// run without the request-wide transaction (`unitOfWork: false`), check the code in a transaction
// of their own, and count a wrong code on the connection outside it. Limits are the sign-in ones
// (LOGIN_MAX_FAILURES / LOGIN_WINDOW_SECONDS / LOGIN_BLOCK_SECONDS), per user and per IP.
import { authConfig } from '../../../config';
import type { ServiceContext, UserPrincipal } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { countFailedSignIn } from '../../access/security/ip-blacklist';
import { withHandle } from '../../../db/tx';
import { assertNotThrottled, clearFailures, recordFailure } from '../sign-in';

class WrongCode extends Error {}

const throttleKeys = (userId: string, ip: string | null) => [`2fa:user:${userId}`, ...(ip ? [`2fa:ip:${ip}`] : [])];

/** Refuses (429 + Retry-After) while code checks of this user or IP are blocked. */
export async function assertCodesNotThrottled(ctx: ServiceContext, p: UserPrincipal): Promise<void> {
  await assertNotThrottled(await ctx.db(), throttleKeys(p.userId, ctx.ip), 'two-factor codes');
}

/**
 * Runs `check` in its own transaction after the throttle check. `check` answers `false` for a
 * wrong code: nothing it wrote is kept, the failure is counted and recorded, and 400 is answered.
 * Errors thrown by `check` (404, 409) pass through without counting.
 */
export async function checkingCode<T>(ctx: ServiceContext, p: UserPrincipal, action: string, check: (tx: ServiceContext) => Promise<T | false>): Promise<T> {
  const db = await ctx.db();
  const keys = throttleKeys(p.userId, ctx.ip);
  await assertNotThrottled(db, keys, 'two-factor codes');
  const result = await inTransaction(ctx, async (tx) => {
    const r = await check(tx);
    if (r === false) throw new WrongCode(); // rolls back whatever the check wrote
    return r;
  }).catch((err: unknown) => {
    if (err instanceof WrongCode) return false as const;
    throw err;
  });
  if (result === false) {
    const cfg = authConfig(ctx.env);
    const blocked = await recordFailure(db, keys, { maxFailures: cfg.maxFailures, windowSeconds: cfg.failureWindowSeconds, blockSeconds: cfg.blockSeconds });
    const base = { ipAddress: ctx.ip, userId: p.userId, tenantId: p.tenantId };
    await recordSecurityEvent(db, { ...base, eventType: 'mfa_failed', severity: 'low', details: { action, challenge: p.mfaPending } });
    if (blocked.length) await recordSecurityEvent(db, { ...base, eventType: 'mfa_blocked', severity: 'medium', details: { action, keys: blocked } });
    await countFailedSignIn(withHandle(ctx, db), ctx.ip);
    throw new ApiError('BAD_REQUEST', 'Invalid or expired code', { reason: 'INVALID_CODE' });
  }
  await clearFailures(db, [keys[0]!]);
  return result;
}
