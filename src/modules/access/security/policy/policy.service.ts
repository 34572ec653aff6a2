// The rules of a tenant's security policy: what a change may contain, how it is stored (merged over
// the defaults), and the per-isolate copy the response-header middleware reads.
import type { BaseContext, ServiceContext } from '../../../../context';
import { tenantOf } from '../../../../db/tenant';
import { invalid } from '../common';
import { remember, rememberSettingsOrigins } from './policy.cache';
import { DEFAULT_TENANT_SECURITY, type StoredTenantConfig, type TenantSecurityConfig, type TenantSecurityPatch } from './policy.model';
import * as q from './policy.queries';

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

/** Checks what the reference's schema leaves open; returns field → messages (empty when valid). */
function validateTenantPatch(p: TenantSecurityPatch): Record<string, string[]> {
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

function normalizePatch(p: TenantSecurityPatch): Partial<TenantSecurityConfig> {
  const out = { ...p } as Partial<TenantSecurityConfig>;
  if (out.cors_methods) out.cors_methods = [...new Set(out.cors_methods.map((m) => m.toUpperCase()))];
  if (out.cors_origins) out.cors_origins = [...new Set(out.cors_origins)];
  for (const k of Object.keys(out) as (keyof TenantSecurityConfig)[]) if (out[k] === undefined) delete out[k];
  return out;
}

const merge = (stored: Record<string, unknown> | undefined): TenantSecurityConfig => ({ ...DEFAULT_TENANT_SECURITY, ...(stored as Partial<TenantSecurityConfig>) });

/** The policy of `tenantId` (the caller's, or a session's for the CSRF check), defaults filled in. */
export async function readTenantConfig(ctx: Pick<BaseContext, 'db'>, tenantId: string): Promise<StoredTenantConfig> {
  const [row, origins] = await Promise.all([q.selectPolicy(ctx, tenantId), q.selectSettingsOrigins(ctx, tenantId)]);
  const stored = { config: merge(row?.config), updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
  remember(tenantId, stored.config);
  rememberSettingsOrigins(tenantId, origins);
  return stored;
}

/** The caller's tenant's policy. */
export const getPolicy = (ctx: ServiceContext) => readTenantConfig(ctx, tenantOf(ctx));

/** The change a PATCH asks for, checked (400 with per-field details) and normalised. */
export function policyChanges(patch: TenantSecurityPatch): Partial<TenantSecurityConfig> {
  const fields = validateTenantPatch(patch);
  if (Object.keys(fields).length) throw invalid('body', fields);
  return normalizePatch(patch);
}

/**
 * Applies checked `changes` to the caller's tenant's policy (others keep their values; lists and
 * `csp_policy` are replaced whole). No changes: the stored policy as it is.
 */
export async function updatePolicy(ctx: ServiceContext, userId: string, changes: Partial<TenantSecurityConfig>): Promise<StoredTenantConfig> {
  const tenantId = tenantOf(ctx);
  // The policy is one per tenant: the tenant names it in the audit log.
  ctx.audit({ resourceType: 'tenant_security_config', resourceId: tenantId, details: { fields: Object.keys(changes) } });
  if (!Object.keys(changes).length) return readTenantConfig(ctx, tenantId);
  const row = await q.upsertPolicy(ctx, tenantId, changes, userId);
  const config = merge(row.config);
  remember(tenantId, config);
  return { config, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
