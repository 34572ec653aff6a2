// Automatic IP blocking after repeated failed sign-ins. Every failed attempt from an IP counts,
// including attempts refused (429) while the sign-in throttle blocks it: an IP that keeps trying
// through the throttle is what this catches. When the count within AUTO_BLOCK_WINDOW_SECONDS
// reaches `ip_blacklist_auto_block_threshold`, the IP is blacklisted with `auto_blocked = true`
// for `ip_blacklist_auto_block_duration_seconds`. The settings are read fresh on each failure
// (the failure path already talks to the database), so a change applies to the next attempt.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Env } from '../../env';
import { ipBlacklist } from '../../db/schema/security';
import type { Tx } from '../../db/tx';
import { recordSecurityEvent } from '../../lib/security-events';
import { recordFailure } from '../accounts/sign-in/throttle.queries';
import { loadSnapshot, noteBlocked } from './blacklist-cache';
import { getGlobalConfig } from './global-config';
import { canonicalIp, exemptLocalCaller } from './ip';

export const AUTO_BLOCK_WINDOW_SECONDS = 3600;

/** Counts one failed sign-in from `rawIp`; blacklists it when the threshold is reached. */
export async function countFailedSignIn(db: Database | Tx, rawIp: string | null, env: Env | undefined): Promise<boolean> {
  const ip = rawIp ? canonicalIp(rawIp) : null;
  if (!ip || exemptLocalCaller(env, ip)) return false;
  const cfg = await getGlobalConfig(db);
  if (!cfg.ipBlacklistEnabled || !cfg.ipBlacklistAutoBlock) return false;
  const threshold = cfg.ipBlacklistAutoBlockThreshold;
  const reached = await recordFailure(db, [`autoblock:ip:${ip}`], { maxFailures: threshold, windowSeconds: AUTO_BLOCK_WINDOW_SECONDS, blockSeconds: 0 });
  if (!reached.length) return false;
  const seconds = cfg.ipBlacklistAutoBlockDurationSeconds;
  const reason = `Automatic: ${threshold} failed sign-ins within ${AUTO_BLOCK_WINDOW_SECONDS / 60} minutes`;
  const [entry] = await db
    .insert(ipBlacklist)
    .values({ ipAddress: ip, reason, autoBlocked: true, failedAttempts: threshold, expiresAt: sql`now() + make_interval(secs => ${seconds})` })
    .onConflictDoUpdate({
      target: ipBlacklist.ipAddress,
      // Never shortens a block: a permanent entry stays permanent, a longer one keeps its expiry.
      set: {
        reason: sql`case when ${ipBlacklist.expiresAt} is null or ${ipBlacklist.expiresAt} > now() then ${ipBlacklist.reason} else excluded.reason end`,
        blockedAt: sql`case when ${ipBlacklist.expiresAt} is null or ${ipBlacklist.expiresAt} > now() then ${ipBlacklist.blockedAt} else now() end`,
        autoBlocked: sql`case when ${ipBlacklist.expiresAt} is null or ${ipBlacklist.expiresAt} > now() then ${ipBlacklist.autoBlocked} else true end`,
        failedAttempts: sql`${ipBlacklist.failedAttempts} + excluded.failed_attempts`,
        expiresAt: sql`case when ${ipBlacklist.expiresAt} is null then null else greatest(${ipBlacklist.expiresAt}, excluded.expires_at) end`,
      },
    })
    .returning();
  await loadSnapshot(db);
  noteBlocked(ip, entry!.expiresAt);
  await recordSecurityEvent(db, {
    eventType: 'ip_auto_blocked',
    severity: 'high',
    ipAddress: ip,
    details: { entryId: entry!.id, failedAttempts: threshold, expiresAt: entry!.expiresAt?.toISOString() ?? null },
  });
  return true;
}
