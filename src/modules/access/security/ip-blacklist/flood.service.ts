// Per-IP flood protection (the platform's dos_* settings). Each isolate counts the requests it
// serves per IP in a fixed window, with no I/O. An IP that goes over `dos_max_requests_per_ip`
// within `dos_time_window_seconds` is answered 429 and put on the IP blacklist for
// `dos_block_duration_seconds`, which every isolate then enforces (403) within the blacklist's
// staleness bound. Counting per isolate undercounts a flood spread over many isolates; a flood
// from one client concentrates on few isolates of its nearest location, which is what this stops
// without adding a shared counter (a round trip) to every request.
import type { BaseContext } from '../../../../context';
import { recordSecurityEvent } from '../../../../lib/security-events';
import { noteBlocked } from './ip-blacklist.cache';
import type { FloodLimit } from './ip-blacklist.model';
import { upsertFloodBlock } from './ip-blacklist.queries';

/** Most IPs one isolate tracks; older windows are dropped first. */
const MAX_TRACKED = 20_000;

const windows = new Map<string, { start: number; count: number }>();

/** Counts a request; true when this one goes over the limit (the IP is to be blocked). */
export function overFloodLimit(ip: string, limit: FloodLimit, now = Date.now()): boolean {
  if (!limit.enabled) return false;
  const span = limit.windowSeconds * 1000;
  let w = windows.get(ip);
  if (!w || now - w.start >= span) {
    w = { start: now, count: 0 };
    windows.delete(ip);
    windows.set(ip, w);
    if (windows.size > MAX_TRACKED) windows.delete(windows.keys().next().value!);
  }
  w.count++;
  return w.count === limit.maxRequests + 1;
}

export function forgetFloodWindow(ip: string): void {
  windows.delete(ip);
}

/** Blacklists a flooding IP platform-wide (never shortening an existing block). */
export async function blockFlood(ctx: Pick<BaseContext, 'db'>, ip: string, limit: FloodLimit): Promise<void> {
  const reason = `Automatic: more than ${limit.maxRequests} requests within ${limit.windowSeconds} s`;
  const entry = await upsertFloodBlock(ctx, ip, reason, limit);
  noteBlocked(ip, entry.expiresAt);
  await recordSecurityEvent(await ctx.db(), {
    eventType: 'ip_auto_blocked',
    severity: 'high',
    ipAddress: ip,
    details: { entryId: entry.id, cause: 'flood', maxRequests: limit.maxRequests, windowSeconds: limit.windowSeconds },
  });
}
