// The active IP blacklist as this isolate knows it. Checking it costs no I/O; it is reloaded (one
// query on the request's own connection) at a request's first database use once it is older than
// SECURITY_CACHE_SECONDS (default 5), and in the background after a database-free request finds it
// stale. Changes made through this isolate (block, unblock, config) apply here at once.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Tx } from '../../db/tx';

/** Most entries one isolate loads; beyond that the oldest active blocks are not enforced at the edge. */
export const MAX_CACHED_ENTRIES = 50_000;

/** Per-IP flood limit (the platform's dos_* settings), loaded with the blacklist. */
export interface FloodLimit {
  enabled: boolean;
  maxRequests: number;
  windowSeconds: number;
  blockSeconds: number;
}

export interface BlacklistSnapshot {
  loadedAt: number;
  enabled: boolean;
  flood: FloodLimit;
  /** Canonical IP → expiry (ms since epoch) or null for permanent. */
  entries: Map<string, number | null>;
}

/** The column defaults of system_security_config, until the row exists. */
export const DEFAULT_FLOOD: FloodLimit = { enabled: true, maxRequests: 10_000, windowSeconds: 60, blockSeconds: 60 };

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

interface Row extends Record<string, unknown> {
  enabled: boolean;
  flood: FloodLimit | null;
  entries: [string, number | null][];
}

export function loadSnapshot(db: Database | Tx): Promise<BlacklistSnapshot> {
  inflight ??= (async () => {
    const started = Date.now();
    const res = await db.execute<Row>(sql`
      select coalesce((select ip_blacklist_enabled from system_security_config where scope = 'global'), true) as enabled,
             (select json_build_object('enabled', dos_enabled, 'maxRequests', dos_max_requests_per_ip,
                                       'windowSeconds', dos_time_window_seconds, 'blockSeconds', dos_block_duration_seconds)
              from system_security_config where scope = 'global') as flood,
             coalesce((select json_agg(json_build_array(b.ip_address, (extract(epoch from b.expires_at) * 1000)::bigint))
                       from (select ip_address, expires_at from ip_blacklist
                             where expires_at is null or expires_at > now()
                             order by blocked_at desc limit ${MAX_CACHED_ENTRIES}) b), '[]'::json) as entries`);
    const row = res.rows[0]!;
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
