import { eq, or } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { memberships, tenants, users } from '../../db/schema/identity';
import { hashPassword } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { setAudit } from '../../middleware/audit';
import { serviceContext } from '../../middleware/service-context';
import { sendEmailVerification } from './verification';

const route = contractRoute(contract.postPublicAuthRegister, {
  description:
    'Creates a new tenant (`tenantDomain` becomes its slug and domain) with the caller as its owner, and ' +
    'emails a single-use verification link (see `POST /api/v1/public/auth/verify-email`). 409 when the ' +
    'email or the domain is taken. Sign in afterwards with `/public/auth/login`.',
  errors: [409],
});

export const register = newRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  const email = body.email.toLowerCase();
  const passwordHash = await hashPassword(body.password);
  const db = await c.var.db();
  const created = await db.transaction(async (tx) => {
    const taken = await tx
      .select({ email: users.email })
      .from(users)
      .where(eq(users.email, email))
      .union(tx.select({ email: tenants.slug }).from(tenants).where(or(eq(tenants.slug, body.tenantDomain), eq(tenants.domain, body.tenantDomain))));
    if (taken.some((t) => t.email === email)) throw new ApiError('CONFLICT', 'An account with this email already exists');
    if (taken.length) throw new ApiError('CONFLICT', `The domain "${body.tenantDomain}" is taken`);
    const [tenant] = await tx
      .insert(tenants)
      .values({ name: body.tenantName, slug: body.tenantDomain, domain: body.tenantDomain, defaultLanguage: body.locale ?? 'en' })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({ tenantId: tenant!.id, email, passwordHash, passwordChangedAt: new Date(), displayName: body.displayName ?? null, locale: body.locale ?? 'en', defaultTenantId: tenant!.id })
      .returning();
    await tx.insert(memberships).values({ userId: user!.id, tenantId: tenant!.id, role: 'owner' });
    await sendEmailVerification(serviceContext(c), tx, { id: user!.id, email, tenantId: tenant!.id });
    return { tenant: tenant!, user: user! };
  });
  setAudit(c, { action: 'tenant.register', resourceType: 'tenant', resourceId: created.tenant.id, tenantId: created.tenant.id, actorId: created.user.id });
  return c.json(
    {
      user: { id: created.user.id, email: created.user.email, tenantId: created.tenant.id },
      tenant: { id: created.tenant.id, name: created.tenant.name, domain: created.tenant.domain },
      message: 'Tenant created. Check your email to verify your address, then sign in.',
    },
    201,
  );
});
