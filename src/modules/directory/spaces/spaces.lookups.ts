// What other areas ask about spaces (the entity registry, usage counts, type-definition use, the
// approvals hook) and the visit counter written after the response: small statements, each
// filtered by the tenant it names.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { BaseContext, ServiceContext } from '../../../context';
import { spaceMembers, spaces } from '../../../db/schema/spaces';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';

/** Entities of the registry: the tenant's spaces among `ids`, by id. */
export async function spacesByIds(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, { id: string; name: string; type: string }>> {
  const db = await ctx.db();
  const rows = await db
    .select({ id: spaces.id, name: spaces.name, type: spaces.type })
    .from(spaces)
    .where(ofTenant(spaces.tenantId, tenantOf(ctx), inArray(spaces.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The space's name inside contact references (a scalar subquery; null when the space is gone). */
export const spaceNameSql = (tenantId: string, entityId: PgColumn): SQL<string | null> =>
  sql<string | null>`(select s.name from ${spaces} s where s.tenant_id = ${tenantId} and s.id = ${entityId})`;

/** Usage per tenant (metrics, quotas): every space, and the active ones. */
export async function countSpaces(ctx: BaseContext, tenantIds: readonly string[]): Promise<Map<string, { total: number; active: number }>> {
  const db = await ctx.db();
  const rows = await db
    .select({ t: spaces.tenantId, total: sql<number>`count(*)::int`, active: sql<number>`(count(*) filter (where ${spaces.status} = 'active'))::int` })
    .from(spaces)
    .where(inArray(spaces.tenantId, [...tenantIds]))
    .groupBy(spaces.tenantId);
  return new Map(rows.map((r) => [r.t, { total: r.total, active: r.active }]));
}

/** Spaces of a type definition (its "in use" count). */
export async function countWithType(ctx: ServiceContext, typeDefinitionId: string): Promise<number> {
  const db = await ctx.db();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(spaces).where(ofTenant(spaces.tenantId, tenantOf(ctx), eq(spaces.typeDefinitionId, typeDefinitionId)));
  return r?.n ?? 0;
}


/** Is the user a manager of the space? */
export async function isManager(ctx: ServiceContext, spaceId: string, userId: string): Promise<boolean> {
  const db = await ctx.db();
  const [r] = await db
    .select({ id: spaceMembers.id })
    .from(spaceMembers)
    .where(ofTenant(spaceMembers.tenantId, tenantOf(ctx), eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId), eq(spaceMembers.role, 'manager')));
  return Boolean(r);
}

/** A decided approval request: approval gives the status asked for, anything else retires the space. */
export async function applyDecision(ctx: BaseContext, tenantId: string, id: string, requestId: string, approved: boolean): Promise<void> {
  const db = await ctx.db();
  await db
    .update(spaces)
    .set({ status: approved ? sql`coalesce(${spaces.requestedStatus}, 'active')` : 'retired', requestedStatus: null, approvalRequestId: null, updatedAt: sql`now()` })
    .where(and(eq(spaces.tenantId, tenantId), eq(spaces.id, id), eq(spaces.approvalRequestId, requestId)));
}
