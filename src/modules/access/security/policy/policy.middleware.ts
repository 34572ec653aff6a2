// Applies the caller's tenant security policy (CORS, CSP, HSTS, frame, content-type, XSS and
// referrer headers) to responses for authenticated callers. Registered before the platform-wide
// header and CORS middleware, so its after-response step runs last and its values win.
//
// The tenant is known once the route loaded the caller (every authenticated route does). The policy
// comes from a per-isolate cache (SECURITY_CACHE_SECONDS, default 5); when stale it is reloaded with
// one query on the connection the request already opened. A request that opened no connection keeps
// the platform headers (or the last known policy), never paying for a connection here.
//
// CORS: a preflight (OPTIONS) carries no credentials and, from a browser, no header values, so it is
// answered by the platform policy (CORS_ORIGINS); an `X-Tenant-ID` header cannot be sent on it. The
// tenant's policy is enforced on the actual response: when `cors_enabled`, an Origin not in
// `cors_origins` (or a method not in `cors_methods`) gets no Access-Control-Allow-Origin, so the
// browser withholds the response from the page; `cors_allow_credentials` sets or drops
// Access-Control-Allow-Credentials.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../../../env';
import { securityCacheMs } from '../common';
import { cachedTenantConfig, settingsOrigins, staleTenantConfig } from './policy.cache';
import type { TenantSecurityConfig } from './policy.model';
import { readTenantConfig } from './policy.service';

export const tenantSecurityHeaders = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const tenantId = c.get('tenantId');
    if (!tenantId) return;
    let config = cachedTenantConfig(tenantId, securityCacheMs(c.env));
    if (!config && (c.get('dbStats')?.queries ?? 0) > 0) {
      try {
        config = (await readTenantConfig({ db: () => c.var.db() }, tenantId)).config;
      } catch {
        config = staleTenantConfig(tenantId);
      }
    }
    config ??= staleTenantConfig(tenantId);
    if (config) applyTenantHeaders(c, config);
    restrictOrigins(c, settingsOrigins(tenantId));
  });

/**
 * The tenant settings' `security.allowed_cors_origins`, when not empty, are a second allow-list: a
 * response to any other Origin carries no Access-Control-Allow-Origin (the browser withholds it).
 */
function restrictOrigins(c: Context, allowed: string[]) {
  const origin = c.req.header('origin');
  if (!origin || allowed.length === 0 || allowed.includes('*') || allowed.includes(origin)) return;
  c.header('Access-Control-Allow-Origin', undefined);
  c.header('Access-Control-Allow-Credentials', undefined);
  if (!c.res.headers.get('vary')?.toLowerCase().includes('origin')) c.header('Vary', 'Origin', { append: true });
}

export function cspHeader(policy: TenantSecurityConfig['csp_policy']): string {
  return Object.entries(policy)
    .sort(([a], [b]) => (a < b ? -1 : 1)) // stored as jsonb (key order not kept): a stable header
    .map(([name, value]) => [name, ...(Array.isArray(value) ? value : [value])].join(' ').trim())
    .join('; ');
}

export function applyTenantHeaders(c: Context, cfg: TenantSecurityConfig) {
  if (cfg.cors_enabled) {
    const origin = c.req.header('origin');
    if (origin) {
      const allowed =
        (cfg.cors_origins.includes('*') || cfg.cors_origins.includes(origin)) && cfg.cors_methods.includes(c.req.method.toUpperCase());
      c.header('Access-Control-Allow-Origin', allowed ? origin : undefined);
      c.header('Access-Control-Allow-Credentials', allowed && cfg.cors_allow_credentials ? 'true' : undefined);
      if (!c.res.headers.get('vary')?.toLowerCase().includes('origin')) c.header('Vary', 'Origin', { append: true });
    }
  }
  if (cfg.hsts_enabled) {
    c.header(
      'Strict-Transport-Security',
      `max-age=${cfg.hsts_max_age}${cfg.hsts_include_subdomains ? '; includeSubDomains' : ''}${cfg.hsts_preload ? '; preload' : ''}`,
    );
  } else {
    c.header('Strict-Transport-Security', undefined);
  }
  if (cfg.csp_enabled) c.header('Content-Security-Policy', cspHeader(cfg.csp_policy) || "default-src 'none'");
  c.header('X-Frame-Options', cfg.x_frame_options);
  c.header('X-Content-Type-Options', cfg.x_content_type_options ? 'nosniff' : undefined);
  c.header('X-XSS-Protection', cfg.x_xss_protection);
  c.header('Referrer-Policy', cfg.referrer_policy);
}
