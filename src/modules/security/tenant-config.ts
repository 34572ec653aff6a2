// A tenant's browser-facing security policy: CORS, CSRF, CSP, HSTS, frame, content-type, XSS and
// referrer headers. Stored as one JSON document per tenant, merged over the defaults below (which
// equal the platform-wide headers, so a tenant that never configured anything sees no change).
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { tenantSecurityConfigs } from '../../db/schema/security';
import type { Tx } from '../../db/tx';

export interface TenantSecurityConfig {
  cors_enabled: boolean;
  cors_origins: string[];
  cors_methods: string[];
  cors_allow_credentials: boolean;
  cors_max_age: number;
  csrf_enabled: boolean;
  csrf_token_expiry: number;
  csrf_cookie_name: string;
  csrf_header_name: string;
  csp_enabled: boolean;
  csp_policy: Record<string, string | string[]>;
  hsts_enabled: boolean;
  hsts_max_age: number;
  hsts_include_subdomains: boolean;
  hsts_preload: boolean;
  x_frame_options: 'DENY' | 'SAMEORIGIN';
  x_content_type_options: boolean;
  x_xss_protection: string;
  referrer_policy: string;
}

export const DEFAULT_TENANT_SECURITY: TenantSecurityConfig = {
  cors_enabled: false,
  cors_origins: [],
  cors_methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  cors_allow_credentials: true,
  cors_max_age: 600,
  csrf_enabled: false,
  csrf_token_expiry: 3600,
  csrf_cookie_name: 'csrf_token',
  csrf_header_name: 'X-CSRF-Token',
  csp_enabled: false,
  csp_policy: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
  hsts_enabled: true,
  hsts_max_age: 15_552_000,
  hsts_include_subdomains: true,
  hsts_preload: false,
  x_frame_options: 'SAMEORIGIN',
  x_content_type_options: true,
  x_xss_protection: '0',
  referrer_policy: 'no-referrer',
};

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const REFERRER_POLICIES = [
  'no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin',
  'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url',
];
const XSS_VALUES = ['0', '1', '1; mode=block'];
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/; // an HTTP token: valid cookie and header name

function isOrigin(s: string): boolean {
  if (s === '*') return true;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
  } catch {
    return false;
  }
}

export type TenantSecurityPatch = Partial<{ [K in keyof TenantSecurityConfig]: unknown }>;

/** Checks what the reference's schema leaves open; returns field → messages (empty when valid). */
export function validateTenantPatch(p: TenantSecurityPatch): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const bad = (f: string, m: string) => (errors[f] ??= []).push(m);
  const intIn = (f: keyof TenantSecurityConfig, min: number, max: number) => {
    const v = p[f];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min && (v as number) <= max)) bad(f, `must be an integer from ${min} to ${max}`);
  };
  if (p.cors_origins !== undefined) {
    const list = p.cors_origins as string[];
    if (list.length > 100) bad('cors_origins', 'at most 100 origins');
    for (const o of list) if (!isOrigin(o)) bad('cors_origins', `not an origin (scheme://host[:port] or *): ${o.slice(0, 100)}`);
  }
  if (p.cors_methods !== undefined) {
    for (const m of p.cors_methods as string[]) if (!METHODS.includes(m.toUpperCase())) bad('cors_methods', `unknown method: ${m.slice(0, 20)}`);
  }
  intIn('cors_max_age', 0, 86_400);
  intIn('csrf_token_expiry', 60, 86_400);
  intIn('hsts_max_age', 0, 63_072_000);
  for (const f of ['csrf_cookie_name', 'csrf_header_name'] as const) {
    if (p[f] !== undefined && !TOKEN.test(p[f] as string)) bad(f, 'must be 1-64 characters valid in an HTTP token');
  }
  if (p.csp_policy !== undefined) {
    const entries = Object.entries(p.csp_policy as Record<string, unknown>);
    if (entries.length > 50) bad('csp_policy', 'at most 50 directives');
    for (const [name, value] of entries) {
      const values = Array.isArray(value) ? value : [value];
      if (!/^[a-z][a-z-]{0,63}$/.test(name)) bad('csp_policy', `invalid directive name: ${name.slice(0, 64)}`);
      if (!values.every((v) => typeof v === 'string' && v.length <= 1000 && !/[;,\r\n]/.test(v))) {
        bad('csp_policy', `directive ${name.slice(0, 64)}: values are strings (or arrays of strings) without ; , or line breaks`);
      }
    }
  }
  if (p.x_xss_protection !== undefined && !XSS_VALUES.includes(p.x_xss_protection as string)) bad('x_xss_protection', `one of ${XSS_VALUES.join(' | ')}`);
  if (p.referrer_policy !== undefined && !REFERRER_POLICIES.includes(p.referrer_policy as string)) bad('referrer_policy', `one of ${REFERRER_POLICIES.join(', ')}`);
  if (p.hsts_preload === true && (p.hsts_include_subdomains === false)) bad('hsts_preload', 'preload requires hsts_include_subdomains');
  return errors;
}

export function normalizePatch(p: TenantSecurityPatch): Partial<TenantSecurityConfig> {
  const out = { ...p } as Partial<TenantSecurityConfig>;
  if (out.cors_methods) out.cors_methods = [...new Set(out.cors_methods.map((m) => m.toUpperCase()))];
  if (out.cors_origins) out.cors_origins = [...new Set(out.cors_origins)];
  for (const k of Object.keys(out) as (keyof TenantSecurityConfig)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export interface StoredTenantConfig {
  config: TenantSecurityConfig;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const merge = (stored: Record<string, unknown> | undefined): TenantSecurityConfig => ({ ...DEFAULT_TENANT_SECURITY, ...(stored as Partial<TenantSecurityConfig>) });

export async function readTenantConfig(db: Database | Tx, tenantId: string): Promise<StoredTenantConfig> {
  const [row] = await db.select().from(tenantSecurityConfigs).where(eq(tenantSecurityConfigs.tenantId, tenantId));
  const stored = { config: merge(row?.config), updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
  remember(tenantId, stored.config);
  return stored;
}

export async function writeTenantConfig(db: Database | Tx, tenantId: string, patch: Partial<TenantSecurityConfig>, userId: string): Promise<StoredTenantConfig> {
  const [row] = await db
    .insert(tenantSecurityConfigs)
    .values({ tenantId, config: patch, updatedBy: userId })
    .onConflictDoUpdate({
      target: tenantSecurityConfigs.tenantId,
      set: { config: sql`${tenantSecurityConfigs.config} || ${JSON.stringify(patch)}::jsonb`, updatedAt: sql`now()`, updatedBy: userId },
    })
    .returning();
  const config = merge(row!.config);
  remember(tenantId, config);
  return { config, updatedAt: row!.updatedAt, updatedBy: row!.updatedBy };
}

// Per-isolate cache of tenant policies (bounded), used by the response-header middleware.
const cache = new Map<string, { config: TenantSecurityConfig; at: number }>();
const MAX_CACHED_TENANTS = 1000;

function remember(tenantId: string, config: TenantSecurityConfig) {
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

export function tenantConfigToApi(tenantId: string, s: StoredTenantConfig) {
  return { tenant_id: tenantId, ...s.config, updated_at: s.updatedAt?.toISOString() ?? null, updated_by: s.updatedBy };
}
