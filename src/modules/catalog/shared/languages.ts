// The caller's tenant's languages, read once for every catalog feature that takes translations
// (categories, tags, info tags, the translation columns of exports). `tenants` has no tenant_id
// column: the caller's own row, by id.
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { tenants } from '../../../db/schema/accounts';
import { tenantOf } from '../../../db/tenant';

export interface TenantLanguages {
  /** The default language: what an entity's own name is in unless it says otherwise. */
  base: string;
  additional: string[];
  /** base first, then the additional ones (no repeats). */
  all: string[];
}

export async function tenantLanguages(ctx: ServiceContext): Promise<TenantLanguages> {
  const db = await ctx.db();
  const [t] = await db.select({ base: tenants.defaultLanguage, additional: tenants.additionalLanguages }).from(tenants).where(eq(tenants.id, tenantOf(ctx)));
  const base = t?.base ?? 'en';
  const additional = t?.additional ?? [];
  return { base, additional, all: [...new Set([base, ...additional])] };
}
