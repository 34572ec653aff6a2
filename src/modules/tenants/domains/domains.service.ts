// Custom domains of a tenant: create (unique across tenants), read, change, delete, the
// verification instructions and the verification itself (domains.verification.ts). The same
// functions serve both APIs: /secure/tenant-domains (the caller's tenant) and
// /secure/tenants/{id}/domains (that tenant: its own admins, or a platform administrator).
//
// Status: pending → verified | failed by POST …/verify only. `status`, `ssl_status` and the SSL
// times are platform-managed: a PATCH from the tenant may only set `status` back to `pending`
// (start over); platform administrators may override any of them (e.g. after a manual check).
// Renaming a domain starts its verification over (new token, status pending, SSL none).
import type { Principal, ServiceContext } from '../../../context';
import { appConfig } from '../../../config';
import { randomAlphanumeric } from '../../../lib/crypto';
import { ApiError, notFound } from '../../../lib/errors';
import { invalidFields } from '../../../lib/validation';
import { domainCheckConfig } from '../../../providers/domain-check';
import type { DomainCreate, DomainPatch, TenantDomainRow, VerifyOutcome } from './domains.model';
import * as q from './domains.queries';
import { runVerification } from './domains.verification';
import { instructionsFor } from './domains.views';

const newToken = () => randomAlphanumeric(32);
const taken = (domain: string) => new ApiError('CONFLICT', `The domain ${domain} is already registered`, { reason: 'DOMAIN_TAKEN' });

/** The same context, bound to `tenantId`: every query then filters by that tenant. */
export { forTenant } from '../../../db/tenant';

export const checkConfig = (ctx: ServiceContext) => domainCheckConfig(ctx.env, appConfig(ctx.env).appUrl);

/**
 * Hostnames the platform can verify: two labels at least, not an IP address, not a local name,
 * and not the platform's own hosts (a tenant must not capture the Host of the API or the web app).
 */
function assertPublicHostname(ctx: ServiceContext, field: string, domain: string): void {
  const labels = domain.split('.');
  const local = ['localhost', 'local', 'internal', 'invalid', 'localdomain'];
  if (labels.length < 2 || /^\d+$/.test(labels.at(-1)!) || local.includes(labels.at(-1)!)) {
    throw invalidFields('body', { [field]: ['Must be a public hostname with at least two labels (e.g. api.example.com), not an IP address or a local name'] });
  }
  const own = [checkConfig(ctx).cnameTarget, new URL(appConfig(ctx.env).appUrl).hostname];
  if (own.includes(domain)) throw invalidFields('body', { [field]: ['This is a host of the platform itself'] });
}

export async function listDomains(ctx: ServiceContext): Promise<TenantDomainRow[]> {
  return q.listDomains(ctx);
}

/** The admin API's list: 404 when the tenant does not exist. */
export async function listDomainsOfTenant(ctx: ServiceContext): Promise<TenantDomainRow[]> {
  const rows = await q.listDomainsOfTenant(ctx);
  if (!rows) throw notFound('Tenant');
  return rows;
}

export async function getDomain(ctx: ServiceContext, id: string): Promise<TenantDomainRow> {
  const row = await q.findDomain(ctx, id);
  if (!row) throw notFound('Domain');
  return row;
}

export async function createDomain(ctx: ServiceContext, body: DomainCreate, checkTenant = false): Promise<TenantDomainRow> {
  assertPublicHostname(ctx, 'domain', body.domain);
  if (checkTenant && !(await q.tenantExists(ctx))) throw notFound('Tenant');
  const row = await q.insertDomain(ctx, {
    domain: body.domain,
    domainType: body.domain_type,
    verificationMethod: body.verification_method ?? 'cname',
    verificationToken: newToken(),
    settings: body.settings ?? {},
  });
  if (row === 'taken') throw taken(body.domain);
  ctx.audit({ action: 'tenant_domain.create', resourceType: 'tenant_domain', resourceId: row.id, details: { domain: row.domain, method: row.verificationMethod } });
  return row;
}

const MANAGED = ['ssl_status', 'ssl_issued_at', 'ssl_expires_at'] as const;

export async function updateDomain(ctx: ServiceContext, p: Principal, id: string, patch: DomainPatch): Promise<TenantDomainRow> {
  if (!Object.keys(patch).length) throw invalidFields('body', { '(root)': ['Give at least one field to change'] });
  if (patch.domain !== undefined) assertPublicHostname(ctx, 'domain', patch.domain);
  if (!p.isSystemAdmin) {
    const managed = [...MANAGED.filter((k) => patch[k] !== undefined), ...(patch.status !== undefined && patch.status !== 'pending' ? ['status'] : [])];
    if (managed.length) {
      throw new ApiError('FORBIDDEN', `Only the platform sets ${managed.join(', ')}: verify the domain with POST …/verify`, { reason: 'PLATFORM_MANAGED_FIELD', fields: managed });
    }
  }
  const cur = await q.findDomain(ctx, id, true);
  if (!cur) throw notFound('Domain');
  const renamed = patch.domain !== undefined && patch.domain !== cur.domain;
  const restart = renamed || patch.status === 'pending';
  const status = patch.status ?? (renamed ? 'pending' : cur.status);
  const row = await q.updateDomain(ctx, id, {
    ...(patch.domain !== undefined && { domain: patch.domain }),
    ...(renamed && { verificationToken: newToken(), sslStatus: 'none', sslIssuedAt: null, sslExpiresAt: null }),
    ...(patch.verification_method !== undefined && { verificationMethod: patch.verification_method }),
    ...(patch.settings !== undefined && { settings: patch.settings }),
    ...(patch.ssl_status !== undefined && { sslStatus: patch.ssl_status }),
    ...(patch.ssl_issued_at !== undefined && { sslIssuedAt: patch.ssl_issued_at === null ? null : new Date(patch.ssl_issued_at) }),
    ...(patch.ssl_expires_at !== undefined && { sslExpiresAt: patch.ssl_expires_at === null ? null : new Date(patch.ssl_expires_at) }),
    status,
    verifiedAt: status === 'verified' ? (cur.status === 'verified' && !restart ? cur.verifiedAt : new Date()) : null,
    ...(restart && { lastErrorCode: null }),
  });
  if (row === 'taken') throw taken(patch.domain!);
  if (!row) throw notFound('Domain');
  ctx.audit({ action: 'tenant_domain.update', resourceType: 'tenant_domain', resourceId: id, details: { ...patch, previousDomain: renamed ? cur.domain : undefined } });
  return row;
}

export async function deleteDomain(ctx: ServiceContext, id: string): Promise<void> {
  const domain = await q.deleteDomain(ctx, id);
  if (!domain) throw notFound('Domain');
  ctx.audit({ action: 'tenant_domain.delete', resourceType: 'tenant_domain', resourceId: id, details: { domain } });
}

export async function instructions(ctx: ServiceContext, id: string) {
  return instructionsFor(await getDomain(ctx, id), checkConfig(ctx));
}

/** Checks the domain now and records the outcome: verified (verified_at now) or failed (with the error code). */
export async function verifyDomain(ctx: ServiceContext, id: string): Promise<{ row: TenantDomainRow; outcome: VerifyOutcome }> {
  const cur = await getDomain(ctx, id);
  const outcome = await runVerification(checkConfig(ctx), cur);
  const keepSince = cur.status === 'verified' && outcome.verified ? cur.verifiedAt : new Date();
  const row = await q.updateDomain(ctx, id, {
    status: outcome.verified ? 'verified' : 'failed',
    verifiedAt: outcome.verified ? keepSince : null,
    lastCheckedAt: new Date(),
    lastErrorCode: outcome.error?.code ?? null,
  });
  if (!row || row === 'taken') throw notFound('Domain');
  ctx.audit({
    action: 'tenant_domain.verify',
    resourceType: 'tenant_domain',
    resourceId: id,
    details: { domain: row.domain, method: outcome.method, verified: outcome.verified, error: outcome.error?.code ?? null },
  });
  return { row, outcome };
}

/** `https://{domain}/auth/v1/callback` for each verified domain of the context's tenant (404 for an unknown tenant). */
export async function oauthRedirectUris(ctx: ServiceContext): Promise<string[]> {
  const rows = await listDomainsOfTenant(ctx);
  return rows.filter((r) => r.status === 'verified').map((r) => `https://${r.domain}/auth/v1/callback`);
}
