// Sign-up: a new tenant with its owner, or a new member of a tenant open to self-registration.
// Both email a verification link in the same transaction (it is sent once that commits).
import type { ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { hashPassword } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import { sendEmailVerification } from '../recovery';
import * as q from './registration.queries';
import { assertWithinLimit } from '../../tenants/settings/limits';

export interface TenantSignUp {
  email: string;
  password: string;
  tenantName: string;
  /** Becomes the tenant's slug and domain. */
  tenantDomain: string;
  displayName?: string;
  locale?: string;
}

export async function registerTenant(ctx: ServiceContext, body: TenantSignUp) {
  const email = body.email.toLowerCase();
  const passwordHash = await hashPassword(body.password);
  const created = await inTransaction(ctx, async (tx) => {
    const taken = await q.takenEmailOrDomain(tx, email, body.tenantDomain);
    if (taken.email) throw new ApiError('CONFLICT', 'An account with this email already exists');
    if (taken.domain) throw new ApiError('CONFLICT', `The domain "${body.tenantDomain}" is taken`);
    const tenant = await q.insertTenant(tx, { name: body.tenantName, slug: body.tenantDomain, domain: body.tenantDomain, defaultLanguage: body.locale ?? 'en' });
    const user = await q.insertMember(tx, { tenantId: tenant.id, email, passwordHash, displayName: body.displayName ?? null, locale: body.locale ?? 'en' }, 'owner');
    await sendEmailVerification(tx, await tx.db(), { id: user.id, email, tenantId: tenant.id });
    return { tenant, user };
  });
  ctx.audit({ action: 'tenant.register', resourceType: 'tenant', resourceId: created.tenant.id, tenantId: created.tenant.id, actorId: created.user.id });
  return created;
}

export interface MemberSignUp {
  email: string;
  password: string;
  displayName?: string;
  /** The tenant to join: `tenantId` of the body, else the X-Tenant-ID header, else the tenant whose verified custom domain is the request host. */
  tenantId?: string;
  headerTenantId?: string;
  host: string;
}

const UUID = /^[0-9a-f-]{36}$/i;

export async function registerMember(ctx: ServiceContext, input: MemberSignUp) {
  const header = input.headerTenantId;
  const tenantId = input.tenantId ?? (header && UUID.test(header) ? header : undefined);
  const tenant = await q.tenantByIdOrHost(ctx, tenantId, input.host);
  if (!tenant || tenant.status !== 'active') {
    throw new ApiError('NOT_FOUND', tenantId ? 'Tenant not found' : 'No tenant given: send tenantId or X-Tenant-ID, or call through a verified custom domain of the tenant');
  }
  const rules = tenant.authConfig;
  if (rules.requireInvitation || !rules.allowSelfRegistration) throw new ApiError('FORBIDDEN', 'This tenant accepts new users by invitation only');
  if (!rules.passwordAuthEnabled) throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant');

  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const user = await inTransaction(ctx, async (tx) => {
    await assertWithinLimit(tx, 'users', { tenantId: tenant.id });
    if (await q.emailTaken(tx, email)) throw new ApiError('CONFLICT', 'An account with this email already exists: sign in and ask for an invitation');
    const u = await q.insertMember(tx, { tenantId: tenant.id, email, passwordHash, displayName: input.displayName ?? null, locale: tenant.defaultLanguage }, 'member');
    await sendEmailVerification(tx, await tx.db(), { id: u.id, email, tenantId: tenant.id });
    return u;
  });
  ctx.audit({ action: 'user.self_register', resourceType: 'user', resourceId: user.id, tenantId: tenant.id, actorId: user.id });
  return { user, tenant };
}
