// Per-isolate copy of tenant policies (bounded), read by the response-header middleware. Every
// read and write of a policy through this isolate refreshes its entry.
import type { TenantSecurityConfig } from './policy.model';

const cache = new Map<string, { config: TenantSecurityConfig; at: number }>();
const MAX_CACHED_TENANTS = 1000;

export function remember(tenantId: string, config: TenantSecurityConfig) {
  cache.delete(tenantId);
  cache.set(tenantId, { config, at: Date.now() });
  if (cache.size > MAX_CACHED_TENANTS) cache.delete(cache.keys().next().value!);
}

export function cachedTenantConfig(tenantId: string, ttlMs: number): TenantSecurityConfig | undefined {
  const hit = cache.get(tenantId);
  return hit && Date.now() - hit.at < ttlMs ? hit.config : undefined;
}

export function staleTenantConfig(tenantId: string): TenantSecurityConfig | undefined {
  return cache.get(tenantId)?.config;
}

// The tenant settings' `security.allowed_cors_origins` (tenants area), loaded and kept beside the policy.
const origins = new Map<string, string[]>();

export function rememberSettingsOrigins(tenantId: string, list: string[]) {
  origins.delete(tenantId);
  origins.set(tenantId, list);
  if (origins.size > MAX_CACHED_TENANTS) origins.delete(origins.keys().next().value!);
}

export const settingsOrigins = (tenantId: string): string[] => origins.get(tenantId) ?? [];
