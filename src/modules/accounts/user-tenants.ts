import { z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { memberships, tenants, users } from '../../db/schema/identity';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';

const route = contractRoute(contract.getPublicAuthUserTenants, {
  description:
    'Tenants where an email has an active membership, for a tenant picker before sign-in. An unknown email gets an empty list, exactly like an email with no active tenant, so the answer does not tell whether an account exists.',
  request: { query: z.object({ email: z.email().openapi({ description: 'Email address to look up' }) }) },
});

export const userTenants = newRouter().openapi(route, async (c) => {
  const email = c.req.valid('query').email.toLowerCase();
  const db = await c.var.db();
  const rows = await db
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(users.email, email), isNull(users.deletedAt), eq(users.status, 'active'), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
    .orderBy(memberships.joinedAt);
  return c.json({ tenants: rows, hasMultipleTenants: rows.length > 1 }, 200);
});
