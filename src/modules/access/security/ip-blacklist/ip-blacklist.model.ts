// The IP blacklist vocabulary: entries, the isolate's snapshot of the active list and the flood
// limit loaded with it (no ORM for the importers).
import type { ipBlacklist } from '../../../../db/schema/access';

export type BlacklistEntry = typeof ipBlacklist.$inferSelect;
export type BlacklistChange = Partial<Pick<typeof ipBlacklist.$inferInsert, 'reason' | 'expiresAt'>>;

export const BLACKLIST_STATUSES = ['all', 'active', 'expired'] as const;
export type BlacklistStatus = (typeof BLACKLIST_STATUSES)[number];

export interface BlacklistFilter {
  status: BlacklistStatus;
  auto_blocked?: 'true' | 'false';
  ip_address?: string;
  limit: number;
  offset: number;
}

/** Most entries one isolate loads; beyond that the oldest active blocks are not enforced at the edge. */
export const MAX_CACHED_ENTRIES = 50_000;

/** Per-IP flood limit (the platform's dos_* settings), loaded with the blacklist. */
export interface FloodLimit {
  enabled: boolean;
  maxRequests: number;
  windowSeconds: number;
  blockSeconds: number;
}

/** The column defaults of system_security_config, until the row exists. */
export const DEFAULT_FLOOD: FloodLimit = { enabled: true, maxRequests: 10_000, windowSeconds: 60, blockSeconds: 60 };

export interface BlacklistSnapshot {
  loadedAt: number;
  enabled: boolean;
  flood: FloodLimit;
  /** Canonical IP → expiry (ms since epoch) or null for permanent. */
  entries: Map<string, number | null>;
}

/** What the snapshot query returns (one row). */
export interface SnapshotRow extends Record<string, unknown> {
  enabled: boolean;
  flood: FloodLimit | null;
  entries: [string, number | null][];
}
