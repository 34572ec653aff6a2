// Each isolate's copy of every tenant's enabled rate limits. Fresh (younger than
// SECURITY_CACHE_SECONDS): used with no I/O. Stale: used as known and reloaded after the response.
// Unknown tenant (first request in this isolate): loaded before the request goes on (one read).
// A change made through this isolate drops its copy at commit, so the next request sees it.
import type { Env } from '../../../context';
import type { Database } from '../../../db/client';
import { securityCacheMs } from '../../access/security/common';
import type { ActiveLimit } from './rate-limits.model';
import { activeLimits } from './rate-limits.queries';

interface Entry {
  limits: ActiveLimit[];
  at: number;
}

const MAX_TENANTS = 10_000;
const cache = new Map<string, Entry>();

export function forgetLimits(tenantId: string): void {
  cache.delete(tenantId);
}

async function load(db: Database, tenantId: string): Promise<ActiveLimit[]> {
  const limits = await activeLimits(db, tenantId);
  cache.delete(tenantId);
  if (cache.size >= MAX_TENANTS) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, { limits, at: Date.now() });
  return limits;
}

export async function limitsOf(
  env: Env,
  tenantId: string,
  io: { read: () => Database; later: (task: (db: Database) => Promise<unknown>) => void },
): Promise<ActiveLimit[]> {
  const e = cache.get(tenantId);
  if (!e) return load(io.read(), tenantId);
  if (Date.now() - e.at >= securityCacheMs(env)) {
    e.at = Date.now(); // one reload at a time
    io.later((db) => load(db, tenantId));
  }
  return e.limits;
}
