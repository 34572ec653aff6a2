// Tenant security policies in Postgres: one JSON document per tenant, changed by merging a patch.
import { and, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../../context';
import { tenantSecurityConfigs } from '../../../../db/schema/access';
import { tenantSettings } from '../../../../db/schema/tenant-config';
import type { TenantSecurityConfig } from './policy.model';

export async function selectPolicy(ctx: Pick<BaseContext, 'db'>, tenantId: string) {
  const db = await ctx.db();
  const [row] = await db.select().from(tenantSecurityConfigs).where(eq(tenantSecurityConfigs.tenantId, tenantId));
  return row;
}

/** `security.allowed_cors_origins` of the tenant's settings (tenants area), [] when not set. */
export async function selectSettingsOrigins(ctx: Pick<BaseContext, 'db'>, tenantId: string): Promise<string[]> {
  const db = await ctx.db();
  const [row] = await db
    .select({ origins: sql<unknown>`${tenantSettings.settings} -> 'allowed_cors_origins'` })
    .from(tenantSettings)
    .where(and(eq(tenantSettings.tenantId, tenantId), eq(tenantSettings.category, 'security')));
  return Array.isArray(row?.origins) ? (row.origins as string[]) : [];
}

export async function upsertPolicy(ctx: BaseContext, tenantId: string, patch: Partial<TenantSecurityConfig>, userId: string) {
  const db = await ctx.db();
  const [row] = await db
    .insert(tenantSecurityConfigs)
    .values({ tenantId, config: patch, updatedBy: userId })
    .onConflictDoUpdate({
      target: tenantSecurityConfigs.tenantId,
      set: { config: sql`${tenantSecurityConfigs.config} || ${JSON.stringify(patch)}::jsonb`, updatedAt: sql`now()`, updatedBy: userId },
    })
    .returning();
  return row!;
}
