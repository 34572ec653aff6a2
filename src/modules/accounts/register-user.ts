import { and, eq, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { memberships, tenants, users } from '../../db/schema/identity';
import { hashPassword } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { setAudit } from '../../middleware/audit';
import { serviceContext } from '../../middleware/service-context';
import { sendEmailVerification } from './verification';

const route = contractRoute(contract.postPublicAuthRegisterUser, {
  description:
    'Creates an account that joins an existing tenant as a `member`. The tenant is `tenantId`, else the ' +
    '`X-Tenant-ID` header, else the tenant whose domain is the request host. Refused with 403 when the tenant ' +
    'requires invitations, does not allow self-registration, or has password sign-in disabled; 404 for an ' +
    'unknown or inactive tenant; 409 when the email already has an account (sign in and ask for an invitation). ' +
    'A verification link is emailed (`requiresVerification` is true).',
  errors: [409],
});

export const registerUser = newRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  const header = c.req.header('x-tenant-id');
  const host = new URL(c.req.url).hostname.toLowerCase();
  const db = await c.var.db();
  const tenantId = body.tenantId ?? (header && /^[0-9a-f-]{36}$/i.test(header) ? header : undefined);
  const [tenant] = await db
    .select()
    .from(tenants)
    .where(tenantId ? eq(tenants.id, tenantId) : and(eq(tenants.domain, host), sql`${tenants.domain} like '%.%'`));
  if (!tenant || tenant.status !== 'active') {
    throw new ApiError('NOT_FOUND', tenantId ? 'Tenant not found' : 'No tenant given: send tenantId or X-Tenant-ID');
  }
  const rules = tenant.authConfig;
  if (rules.requireInvitation || !rules.allowSelfRegistration) throw new ApiError('FORBIDDEN', 'This tenant accepts new users by invitation only');
  if (!rules.passwordAuthEnabled) throw new ApiError('FORBIDDEN', 'Password sign-in is disabled for this tenant');

  const email = body.email.toLowerCase();
  const passwordHash = await hashPassword(body.password);
  const user = await db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (taken) throw new ApiError('CONFLICT', 'An account with this email already exists: sign in and ask for an invitation');
    const [u] = await tx
      .insert(users)
      .values({ tenantId: tenant.id, email, passwordHash, passwordChangedAt: new Date(), displayName: body.displayName ?? null, defaultTenantId: tenant.id, locale: tenant.defaultLanguage })
      .returning();
    await tx.insert(memberships).values({ userId: u!.id, tenantId: tenant.id, role: 'member' });
    await sendEmailVerification(serviceContext(c), tx, { id: u!.id, email, tenantId: tenant.id });
    return u!;
  });
  setAudit(c, { action: 'user.self_register', resourceType: 'user', resourceId: user.id, tenantId: tenant.id, actorId: user.id });
  return c.json(
    {
      message: 'Account created. Check your email to verify your address.',
      userId: user.id,
      requiresVerification: true,
      user: { id: user.id, email: user.email, displayName: user.displayName, tenantId: tenant.id },
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, domain: tenant.domain },
    },
    201,
  );
});
