// Brute-force counters shared by every isolate: failure counters live in Postgres, keyed by what
// is being guessed (an account, a 2FA user) and by who is guessing (an IP). Takes a database
// handle: two-factor, invitation accept and the IP auto-block count inside their own transactions.
import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { authThrottle } from '../../../db/schema/accounts';
import type { Tx } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

/**
 * Refuses with 429 and Retry-After while any of `keys` is blocked. Returns the keys that have a
 * counter at all, so a success only clears counters that exist (no write when there is nothing).
 */
export async function assertNotThrottled(db: Database | Tx, keys: string[], what = 'attempts'): Promise<Set<string>> {
  const rows = await db
    .select({ key: authThrottle.key, until: authThrottle.blockedUntil, blocked: sql<boolean>`${authThrottle.blockedUntil} > now()` })
    .from(authThrottle)
    .where(inArray(authThrottle.key, keys));
  const blocked = rows.filter((r) => r.blocked);
  if (!blocked.length) return new Set(rows.map((r) => r.key));
  const until = Math.max(...blocked.map((b) => b.until!.getTime()));
  const retryAfter = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  throw new ApiError('TOO_MANY_REQUESTS', `Too many failed ${what}; try again in ${retryAfter} seconds`, { retryAfter }, {
    'Retry-After': String(retryAfter),
  });
}

/** Counts one failure against each key; returns the keys that just became blocked. */
export async function recordFailure(db: Database | Tx, keys: string[], p: ThrottlePolicy): Promise<string[]> {
  const rows = await db
    .insert(authThrottle)
    .values(keys.map((key) => ({ key, failures: 1 })))
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`case when ${authThrottle.windowStartedAt} < now() - make_interval(secs => ${p.windowSeconds}) then 1 else ${authThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${authThrottle.windowStartedAt} < now() - make_interval(secs => ${p.windowSeconds}) then now() else ${authThrottle.windowStartedAt} end`,
      },
    })
    .returning({ key: authThrottle.key, failures: authThrottle.failures });
  const reached = rows.filter((r) => r.failures >= p.maxFailures).map((r) => r.key);
  if (reached.length) {
    await db
      .update(authThrottle)
      .set({ blockedUntil: sql`now() + make_interval(secs => ${p.blockSeconds})`, failures: 0, windowStartedAt: sql`now()` })
      .where(inArray(authThrottle.key, reached));
  }
  return reached;
}

export async function clearFailures(db: Database | Tx, keys: string[]): Promise<void> {
  await db.delete(authThrottle).where(inArray(authThrottle.key, keys));
}
