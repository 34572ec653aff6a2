// Tenant feature states in Postgres: only the features a tenant changed are stored.
import { eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { tenants } from '../../../db/schema/accounts';
import { tenantFeatures } from '../../../db/schema/tenant-config';
import { ofTenant } from '../../../db/tx';

export type FeatureRow = typeof tenantFeatures.$inferSelect;

/** The tenant's type and its stored feature states: two statements, one round trip. */
export async function load(ctx: BaseContext, tenantId: string): Promise<{ type: string; rows: FeatureRow[] } | undefined> {
  const db = await ctx.db();
  const [t, rows] = await Promise.all([
    db.select({ type: tenants.type }).from(tenants).where(eq(tenants.id, tenantId)),
    db.select().from(tenantFeatures).where(ofTenant(tenantFeatures.tenantId, tenantId)),
  ]);
  return t[0] && { type: t[0].type, rows };
}

export async function lockTenant(ctx: BaseContext, tenantId: string): Promise<void> {
  const db = await ctx.db();
  await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

export async function upsert(ctx: BaseContext, rows: (typeof tenantFeatures.$inferInsert)[]): Promise<void> {
  if (!rows.length) return;
  const db = await ctx.db();
  await db
    .insert(tenantFeatures)
    .values(rows)
    .onConflictDoUpdate({
      target: [tenantFeatures.tenantId, tenantFeatures.featureKey],
      set: { enabled: sql`excluded.enabled`, config: sql`excluded.config`, changedBy: sql`excluded.changed_by`, changedReason: sql`excluded.changed_reason`, updatedAt: sql`now()` },
    });
}
