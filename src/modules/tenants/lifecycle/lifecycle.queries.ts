// The lifecycle history in Postgres (tenant-owned: filtered by the tenant it is about).
import { desc } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { tenantLifecycleHistory } from '../../../db/schema/tenants';
import { ofTenant } from '../../../db/tx';
import type { HistoryEntry } from './lifecycle.model';

export async function insertHistory(ctx: BaseContext, tenantId: string, e: HistoryEntry): Promise<void> {
  const db = await ctx.db();
  await db.insert(tenantLifecycleHistory).values({ tenantId, ...e });
}

export async function listHistory(ctx: BaseContext, tenantId: string, limit: number, offset: number) {
  const db = await ctx.db();
  return db
    .select()
    .from(tenantLifecycleHistory)
    .where(ofTenant(tenantLifecycleHistory.tenantId, tenantId))
    .orderBy(desc(tenantLifecycleHistory.createdAt), desc(tenantLifecycleHistory.id))
    .limit(limit)
    .offset(offset);
}

export type HistoryRow = Awaited<ReturnType<typeof listHistory>>[number];
