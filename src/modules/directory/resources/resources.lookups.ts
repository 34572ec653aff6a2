// What other areas ask about resources (the entity registry, usage counts, type-definition use,
// the approvals hook, spaces' delete, the contacts' references name): small statements, each
// filtered by the tenant it names.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { BaseContext, ServiceContext } from '../../../context';
import { resources } from '../../../db/schema/resources';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';

/** Entities of the registry: the tenant's resources among `ids`, by id. */
export async function resourcesByIds(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, { id: string; name: string; type: string }>> {
  const db = await ctx.db();
  const rows = await db
    .select({ id: resources.id, name: resources.name, type: resources.type })
    .from(resources)
    .where(ofTenant(resources.tenantId, tenantOf(ctx), inArray(resources.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Usage per tenant (metrics, max_resources): every resource, and the active ones. */
export async function countResources(ctx: BaseContext, tenantIds: readonly string[]): Promise<Map<string, { total: number; active: number }>> {
  const db = await ctx.db();
  const rows = await db
    .select({ t: resources.tenantId, total: sql<number>`count(*)::int`, active: sql<number>`(count(*) filter (where ${resources.status} = 'active'))::int` })
    .from(resources)
    .where(inArray(resources.tenantId, [...tenantIds]))
    .groupBy(resources.tenantId);
  return new Map(rows.map((r) => [r.t, { total: r.total, active: r.active }]));
}

/** Resources of a type definition (its "in use" count). */
export async function countWithType(ctx: ServiceContext, typeDefinitionId: string): Promise<number> {
  const db = await ctx.db();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(resources).where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.typeDefinitionId, typeDefinitionId)));
  return r?.n ?? 0;
}

/** How many resources the space holds (spaces' delete refuses while any). */
export async function countInSpace(ctx: ServiceContext, spaceId: string): Promise<number> {
  const db = await ctx.db();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(resources).where(ofTenant(resources.tenantId, tenantOf(ctx), eq(resources.spaceId, spaceId)));
  return r?.n ?? 0;
}

/** A decided approval request: approval gives the status asked for, anything else retires the resource. */
export async function applyDecision(ctx: BaseContext, tenantId: string, id: string, requestId: string, approved: boolean): Promise<void> {
  const db = await ctx.db();
  await db
    .update(resources)
    .set({ status: approved ? sql`coalesce(${resources.requestedStatus}, 'active')` : 'retired', requestedStatus: null, approvalRequestId: null, updatedAt: sql`now()` })
    .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id), eq(resources.approvalRequestId, requestId)));
}

/** The resource's name inside the contacts' references query (one round trip). */
export const resourceNameSql = (tenantId: string, entityId: PgColumn): SQL<string | null> =>
  sql<string | null>`(select r.name from resources r where r.tenant_id = ${tenantId} and r.id = ${entityId})`;
