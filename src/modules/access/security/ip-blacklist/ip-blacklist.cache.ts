// The active IP blacklist as this isolate knows it. Checking it costs no I/O; it is reloaded (one
// query on the request's own connection) at a request's first database use once it is older than
// SECURITY_CACHE_SECONDS (default 5), and in the background after a database-free request finds it
// stale. Changes made through this isolate (block, unblock, config) apply here at once.
import type { BaseContext } from '../../../../context';
import { DEFAULT_FLOOD, type BlacklistSnapshot } from './ip-blacklist.model';
import { selectSnapshot } from './ip-blacklist.queries';

let current: BlacklistSnapshot | undefined;
let inflight: Promise<BlacklistSnapshot> | undefined;

export const snapshot = () => current;

export function isFresh(s: BlacklistSnapshot | undefined, ttlMs: number, now = Date.now()): s is BlacklistSnapshot {
  return !!s && now - s.loadedAt < ttlMs;
}

/** When the block of `ip` ends (ms since epoch), null when permanent, undefined when not blocked. */
export function blockEnd(s: BlacklistSnapshot | undefined, ip: string, now = Date.now()): number | null | undefined {
  if (!s?.enabled || !s.entries.has(ip)) return undefined;
  const until = s.entries.get(ip)!;
  return until === null || until > now ? until : undefined;
}

export const isBlocked = (s: BlacklistSnapshot | undefined, ip: string, now = Date.now()) => blockEnd(s, ip, now) !== undefined;

/** Reloads the snapshot (concurrent callers share one query). */
export function loadSnapshot(ctx: Pick<BaseContext, 'db'>): Promise<BlacklistSnapshot> {
  inflight ??= (async () => {
    const started = Date.now();
    const row = await selectSnapshot(ctx);
    current = { loadedAt: started, enabled: row.enabled, flood: row.flood ?? DEFAULT_FLOOD, entries: new Map(row.entries.map(([ip, exp]) => [ip, exp === null ? null : Number(exp)])) };
    return current;
  })().finally(() => (inflight = undefined));
  return inflight;
}

/** Local updates after a write through this isolate (other isolates catch up within the TTL). */
export function noteBlocked(ip: string, expiresAt: Date | null) {
  current?.entries.set(ip, expiresAt ? expiresAt.getTime() : null);
}
export function noteUnblocked(ip: string) {
  current?.entries.delete(ip);
}
export function noteEnabled(enabled: boolean) {
  if (current) current.enabled = enabled;
}
/** Tests and config changes: forget the snapshot so the next check reloads. */
export function invalidate() {
  current = undefined;
}
