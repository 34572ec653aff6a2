// Automatic IP blocking after repeated failed sign-ins. Every failed attempt from an IP counts,
// including attempts refused (429) while the sign-in throttle blocks it: an IP that keeps trying
// through the throttle is what this catches. When the count within AUTO_BLOCK_WINDOW_SECONDS
// reaches `ip_blacklist_auto_block_threshold`, the IP is blacklisted with `auto_blocked = true`
// for `ip_blacklist_auto_block_duration_seconds`. The settings are read fresh on each failure
// (the failure path already talks to the database), so a change applies to the next attempt.
import type { BaseContext } from '../../../../context';
import { recordSecurityEvent } from '../../../../lib/security-events';
import { recordFailure } from '../../../accounts/sign-in/throttle.queries';
import { canonicalIp, exemptLocalCaller } from '../ip';
import { getGlobalConfig } from '../system-config/system-config.service';
import { loadSnapshot, noteBlocked } from './ip-blacklist.cache';
import { upsertAutoBlock } from './ip-blacklist.queries';

export const AUTO_BLOCK_WINDOW_SECONDS = 3600;

/** Counts one failed sign-in from `rawIp`; blacklists it when the threshold is reached. */
export async function countFailedSignIn(ctx: BaseContext, rawIp: string | null): Promise<boolean> {
  const ip = rawIp ? canonicalIp(rawIp) : null;
  if (!ip || exemptLocalCaller(ctx.env, ip)) return false;
  const cfg = await getGlobalConfig(ctx);
  if (!cfg.ipBlacklistEnabled || !cfg.ipBlacklistAutoBlock) return false;
  const threshold = cfg.ipBlacklistAutoBlockThreshold;
  const db = await ctx.db();
  const reached = await recordFailure(db, [`autoblock:ip:${ip}`], { maxFailures: threshold, windowSeconds: AUTO_BLOCK_WINDOW_SECONDS, blockSeconds: 0 });
  if (!reached.length) return false;
  const reason = `Automatic: ${threshold} failed sign-ins within ${AUTO_BLOCK_WINDOW_SECONDS / 60} minutes`;
  const entry = await upsertAutoBlock(ctx, ip, reason, threshold, cfg.ipBlacklistAutoBlockDurationSeconds);
  await loadSnapshot(ctx);
  noteBlocked(ip, entry.expiresAt);
  await recordSecurityEvent(db, {
    eventType: 'ip_auto_blocked',
    severity: 'high',
    ipAddress: ip,
    details: { entryId: entry.id, failedAttempts: threshold, expiresAt: entry.expiresAt?.toISOString() ?? null },
  });
  return true;
}
