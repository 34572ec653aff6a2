// Tenant administration: platform administrators list, create, change and delete every tenant; a
// tenant's owner or admin sees and changes only their own (others' ids answer 404). Status changes
// go through the lifecycle rules (a PATCH cannot bypass them); languages added or removed start
// language sync jobs; an archived (retired) tenant is read-only.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { hashPassword } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { startSync } from '../language-sync/language-sync.service';
import { checkPatchStatus, recordChange } from '../lifecycle/lifecycle.service';
import { requireSystemAdmin, requireWritable, visibleTenant } from '../shared/visibility';
import type { CreateTenantInput, PatchTenantInput, TenantFilter, TenantRow, TenantUpdate } from './admin.model';
import * as q from './admin.queries';

/** `only`: the one tenant a caller who is not a platform administrator sees (their own). */
export const listTenants = (ctx: ServiceContext, f: TenantFilter, only: string | undefined) => q.listTenants(ctx, f, only);


function languageFields(defaultLanguage: string, additional: string[] | undefined): string[] {
  const list = [...new Set(additional ?? [])];
  if (list.includes(defaultLanguage)) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: additional languages must not repeat the default language', {
      location: 'body',
      fields: { additional_languages: [`${defaultLanguage} is the default language`] },
    });
  }
  return list;
}

/** A new tenant with its owner account (platform administrators only). */
export async function createTenant(ctx: ServiceContext, p: UserPrincipal, body: CreateTenantInput): Promise<TenantRow> {
  requireSystemAdmin(p, 'create tenants');
  const status = body.status ?? 'active';
  if (status !== 'active' && status !== 'pending') {
    throw new ApiError('UNPROCESSABLE_ENTITY', `A tenant starts active or pending, not ${status}`, { reason: 'INVALID_INITIAL_STATUS', status });
  }
  const domain = body.domain;
  const slug = domain.replace(/\./g, '-').replace(/^-+|-+$/g, '');
  if (!slug) throw new ApiError('VALIDATION_ERROR', 'Invalid body: domain', { location: 'body', fields: { domain: ['Must contain a letter or digit'] } });
  const email = body.ownerEmail.trim().toLowerCase();
  const defaultLanguage = body.defaultLanguage ?? 'en';
  const additionalLanguages = languageFields(defaultLanguage, body.additionalLanguages);
  if (await q.slugOrDomainTaken(ctx, slug, domain)) throw new ApiError('CONFLICT', 'A tenant with this domain already exists', { reason: 'DOMAIN_TAKEN' });
  if (await q.emailTaken(ctx, email)) throw new ApiError('CONFLICT', 'An account with this email address already exists', { reason: 'EMAIL_TAKEN' });
  const t = await q.insertTenant(ctx, {
    name: body.name.trim(),
    slug,
    domain,
    status,
    type: body.type ?? 'trial',
    description: body.description ?? null,
    contactEmail: body.contactEmail ?? null,
    contactPhone: body.contactPhone ?? null,
    settings: body.settings ?? {},
    defaultLanguage,
    additionalLanguages,
  });
  const ownerId = await q.insertOwner(ctx, t.id, email, await hashPassword(body.ownerPassword));
  await startSync(ctx, t.id, { added: additionalLanguages, removed: [] }, p.userId);
  ctx.audit({ action: 'tenant.create', resourceType: 'tenant', resourceId: t.id, details: { name: t.name, domain, type: t.type, status, ownerId } });
  return t;
}

/** Changes a tenant: its owner/admin (own tenant) or a platform administrator. */
export async function updateTenant(ctx: ServiceContext, p: UserPrincipal, id: string, body: PatchTenantInput): Promise<TenantRow> {
  const t = await visibleTenant(ctx, p, id, { lock: true });
  requireWritable(t);
  if (t.type === 'system' && !p.isSystemAdmin) requireSystemAdmin(p, 'change the system tenant');
  const set: TenantUpdate = {};
  if (body.name !== undefined) set.name = body.name.trim();
  if (body.domain !== undefined && body.domain !== t.domain) {
    if (await q.slugOrDomainTaken(ctx, body.domain, body.domain, id)) throw new ApiError('CONFLICT', 'A tenant with this domain already exists', { reason: 'DOMAIN_TAKEN' });
    set.domain = body.domain;
  }
  const statusAction = body.status !== undefined ? checkPatchStatus(p, t, body.status) : undefined;
  if (statusAction) set.status = body.status;
  let change = { added: [] as string[], removed: [] as string[] };
  if (body.additional_languages !== undefined) {
    const next = languageFields(t.defaultLanguage, body.additional_languages);
    change = { added: next.filter((l) => !t.additionalLanguages.includes(l)), removed: t.additionalLanguages.filter((l) => !next.includes(l)) };
    set.additionalLanguages = next;
  }
  if (body.storage_distribution_strategy !== undefined) set.storageDistributionStrategy = body.storage_distribution_strategy;
  if (body.storage_fallback_chain !== undefined) set.storageFallbackChain = [...new Set(body.storage_fallback_chain)];
  // Top-level keys given replace theirs; keys not given are kept (settings categories have their own routes).
  if (body.settings !== undefined) set.settings = { ...t.settings, ...body.settings };
  const after = Object.keys(set).length ? await q.updateTenant(ctx, id, set) : t;
  if (statusAction) await recordChange(ctx, p, t, after, statusAction, null);
  await startSync(ctx, id, change, p.userId);
  ctx.audit({ action: 'tenant.update', resourceType: 'tenant', resourceId: id, details: { fields: Object.keys(body), languages: change } });
  return after;
}

/**
 * Deletes a tenant (platform administrators only; not the system tenant). The row is kept, marked
 * deleted and retired, so its domain and slug stay reserved and its history stays readable to the
 * platform; its users, app accounts and API keys are refused from the next request on.
 */
export async function deleteTenant(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<void> {
  const t = await visibleTenant(ctx, p, id, { lock: true });
  requireSystemAdmin(p, 'delete tenants');
  if (t.type === 'system') throw new ApiError('CONFLICT', "The platform's system tenant cannot be deleted", { reason: 'SYSTEM_TENANT' });
  const after = await q.updateTenant(ctx, id, { status: 'retired', deletedAt: new Date() });
  await recordChange(ctx, p, t, after, 'delete', null);
}
