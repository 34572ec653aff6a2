// The log retention policy in Postgres (tenant-owned), and the cron's purge of expired audit entries.
import { sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { tenantLogRetention } from '../../../db/schema/tenants';
import { ofTenant } from '../../../db/tx';

export async function findPolicy(ctx: BaseContext, tenantId: string) {
  const db = await ctx.db();
  const [row] = await db.select().from(tenantLogRetention).where(ofTenant(tenantLogRetention.tenantId, tenantId));
  return row;
}

export type PolicyRow = typeof tenantLogRetention.$inferSelect;

export async function upsertPolicy(ctx: BaseContext, tenantId: string, retentionDays: number, by: string | null): Promise<PolicyRow> {
  const db = await ctx.db();
  const [row] = await db
    .insert(tenantLogRetention)
    .values({ tenantId, retentionDays, updatedBy: by })
    .onConflictDoUpdate({ target: tenantLogRetention.tenantId, set: { retentionDays, updatedBy: by, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

/**
 * Platform-wide (cron): deletes up to `limit` audit entries older than their tenant's retention
 * (`defaultDays` without a policy). Entries without a tenant (platform actions) are kept.
 */
export async function purgeExpired(ctx: BaseContext, defaultDays: number, limit: number): Promise<number> {
  const db = await ctx.db();
  const result = await db.execute(sql`
    with doomed as (
      select a.id from audit_logs a
      join tenants t on t.id = a.tenant_id
      left join tenant_log_retention r on r.tenant_id = a.tenant_id
      where a.created_at < now() - make_interval(days => coalesce(r.retention_days, ${defaultDays}))
      limit ${limit}
    )
    delete from audit_logs where id in (select id from doomed)`);
  return Number((result as { rowCount?: number }).rowCount ?? 0);
}
