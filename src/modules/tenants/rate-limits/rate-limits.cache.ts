// Each isolate's copy of every tenant's enabled rate limits and its daily API-call quota. Fresh (younger than
// SECURITY_CACHE_SECONDS): used with no I/O. Stale: used as known and reloaded after the response.
// Unknown tenant (first request in this isolate): loaded before the request goes on (one read).
// A change made through this isolate drops its copy at commit, so the next request sees it.
import type { Env } from '../../../context';
import type { Database } from '../../../db/client';
import { securityCacheMs } from '../../access/security/common';
import { defaultSettings } from '../settings/settings.model';
import type { ActiveLimit } from './rate-limits.model';
import { activeLimits, dailyCallSetting } from './rate-limits.queries';

export interface TenantLimits {
  limits: ActiveLimit[];
  /** `limits.max_api_calls_per_day` in effect; -1 = unlimited. */
  dailyCalls: number;
  /** The tenant exists (a public caller may name any id). */
  exists: boolean;
}

interface Entry extends TenantLimits {
  at: number;
}

const MAX_TENANTS = 10_000;
const cache = new Map<string, Entry>();

export function forgetLimits(tenantId: string): void {
  cache.delete(tenantId);
}

async function load(db: Database, tenantId: string): Promise<TenantLimits> {
  // Both statements leave in the same turn: one round trip.
  const [limits, daily] = await Promise.all([activeLimits(db, tenantId), dailyCallSetting(db, tenantId)]);
  const stored = typeof daily?.stored === 'number' ? daily.stored : undefined;
  const dailyCalls = stored ?? (daily ? (defaultSettings('limits', daily.type).max_api_calls_per_day as number) : -1);
  const entry = { limits, dailyCalls, exists: daily !== undefined, at: Date.now() };
  cache.delete(tenantId);
  if (cache.size >= MAX_TENANTS) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, entry);
  return entry;
}

export async function limitsOf(
  env: Env,
  tenantId: string,
  io: { read: () => Database; later: (task: (db: Database) => Promise<unknown>) => void },
): Promise<TenantLimits> {
  const e = cache.get(tenantId);
  if (!e) return load(io.read(), tenantId);
  if (Date.now() - e.at >= securityCacheMs(env)) {
    e.at = Date.now(); // one reload at a time
    io.later((db) => load(db, tenantId));
  }
  return e;
}
