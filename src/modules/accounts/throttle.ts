// Brute-force protection shared by every isolate: failure counters live in Postgres, keyed by what
// is being guessed (an account, a 2FA user) and by who is guessing (an IP).
import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { authThrottle } from '../../db/schema/identity';
import type { Tx } from '../../db/tx';
import { ApiError } from '../../lib/errors';

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

/** Refuses with 429 and Retry-After while any of `keys` is blocked. */
export async function assertNotThrottled(db: Database | Tx, keys: string[], what = 'attempts'): Promise<void> {
  const blocked = await db
    .select({ key: authThrottle.key, until: authThrottle.blockedUntil })
    .from(authThrottle)
    .where(sql`${inArray(authThrottle.key, keys)} and ${authThrottle.blockedUntil} > now()`);
  if (!blocked.length) return;
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
