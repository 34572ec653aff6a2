// The generic import and export's own read: the tenant's languages (for translation columns).
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { tenants } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';
import type { TenantLanguages } from './transfer.registry';

/** `tenants` is not tenant-owned (no tenant_id column): the caller's own row, by id. */
export async function tenantLanguages(ctx: ServiceContext): Promise<TenantLanguages> {
  const db = await ctx.db();
  const [row] = await db
    .select({ defaultLanguage: tenants.defaultLanguage, additionalLanguages: tenants.additionalLanguages })
    .from(tenants)
    .where(eq(tenants.id, tenantOf(ctx)));
  return row ?? { defaultLanguage: 'en', additionalLanguages: [] };
}
