// Sign-up in Postgres: new tenants, accounts and their first membership.
import { eq, or } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { memberships, tenants, users, type Role } from '../../../db/schema/accounts';
import { verifiedTenantIdOf } from '../../tenants/domains';

/** Which of the email (as an account) and the domain (as a tenant slug or domain) are taken. */
export async function takenEmailOrDomain(ctx: BaseContext, email: string, domain: string): Promise<{ email: boolean; domain: boolean }> {
  const db = await ctx.db();
  const taken = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.email, email))
    .union(db.select({ email: tenants.slug }).from(tenants).where(or(eq(tenants.slug, domain), eq(tenants.domain, domain))));
  const emailTaken = taken.some((t) => t.email === email);
  return { email: emailTaken, domain: !emailTaken && taken.length > 0 };
}

export async function emailTaken(ctx: BaseContext, email: string): Promise<boolean> {
  const db = await ctx.db();
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return Boolean(taken);
}

export async function insertTenant(ctx: BaseContext, t: Pick<typeof tenants.$inferInsert, 'name' | 'slug' | 'domain' | 'defaultLanguage'>) {
  const db = await ctx.db();
  const [tenant] = await db.insert(tenants).values(t).returning();
  return tenant!;
}

/** A tenant by id, else the tenant whose verified custom domain is `host` (tenants/domains). */
export async function tenantByIdOrHost(ctx: BaseContext, tenantId: string | undefined, host: string) {
  const db = await ctx.db();
  const [tenant] = await db
    .select()
    .from(tenants)
    .where(eq(tenants.id, tenantId ?? verifiedTenantIdOf(host)));
  return tenant;
}

/** A new password account and its membership in its home tenant. */
export async function insertMember(
  ctx: BaseContext,
  u: Pick<typeof users.$inferInsert, 'tenantId' | 'email' | 'passwordHash' | 'displayName' | 'locale'>,
  role: Role,
) {
  const db = await ctx.db();
  const [user] = await db
    .insert(users)
    .values({ ...u, passwordChangedAt: new Date(), defaultTenantId: u.tenantId })
    .returning();
  await db.insert(memberships).values({ userId: user!.id, tenantId: u.tenantId, role });
  return user!;
}
