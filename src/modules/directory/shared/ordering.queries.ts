// List order, order-top and visit counting shared by spaces and resources (any table with the
// promotion, custom-order and visit columns): SQL over the columns each table passes in.
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ServiceContext } from '../../../context';
import type { Database } from '../../../db/client';
import type { VisitActorType } from '../../../db/schema/spaces';
import { tenantOf } from '../../../db/tenant';
import { ROLE_PERMISSIONS, type Permission } from '../../../lib/permissions';

export interface OrderedColumns {
  id: PgColumn;
  name: AnyColumn;
  customOrder: AnyColumn;
  promotionType: AnyColumn;
  promotionRank: AnyColumn;
  promotionStartDate: AnyColumn;
  promotionEndDate: AnyColumn;
}

/** A position promotion in its window: it takes its rank's place in lists (Effect modes only style). */
export const promotedSql = (c: OrderedColumns) => sql`(${c.promotionType} in ('PositionDynamic', 'PositionFix') and ${c.promotionRank} is not null
  and (${c.promotionStartDate} is null or ${c.promotionStartDate} <= now()) and (${c.promotionEndDate} is null or ${c.promotionEndDate} > now()))`;

/**
 * The filtered ids in list order as a subquery `f` to join the table on, and the ORDER BY over it.
 * Natural order within each part: promoted rows by rank, the others by customOrder desc, name, id.
 * The i-th promoted row (ranks r ascending) takes place p_i = i + max_{j<=i}(r_j - j): its rank, or
 * the next free place when an earlier one took it; it goes before the regular row that would
 * otherwise hold p_i. Whole-set windows, so every page agrees.
 */
export function listOrder(db: Database, table: PgTable, c: OrderedColumns, where: SQL | undefined) {
  const promoted = promotedSql(c);
  const ordered = db
    .select({
      id: c.id,
      promoted: sql<boolean>`${promoted}`.as('promoted'),
      rank: sql<number | null>`${c.promotionRank}`.as('rank'),
      rn: sql<number>`row_number() over (partition by ${promoted} order by case when ${promoted} then ${c.promotionRank} else 0 end, ${c.customOrder} desc, ${c.name}, ${c.id})`.as('rn'),
    })
    .from(table)
    .where(where)
    .as('f');
  const slot = sql`case when ${ordered.promoted} then max(${ordered.rank} - ${ordered.rn}) over (partition by ${ordered.promoted} order by ${ordered.rn} rows between unbounded preceding and current row) + 1 else ${ordered.rn} end`;
  return { ordered, orderBy: [slot, sql`${ordered.promoted} desc`, ordered.rn] as SQL[] };
}

/**
 * Gives row `id` the tenant's highest custom_order + 1. A per-tenant, per-table advisory lock
 * serializes concurrent calls, so they never take the same value. Returns the new order.
 */
export async function orderTop(ctx: ServiceContext, table: PgTable, lockName: string, id: string): Promise<number> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${lockName}:${t}`}, 0))`);
  const res = await db.execute<{ custom_order: number }>(
    sql`update ${table} set custom_order = (select coalesce(max(x.custom_order), 0) + 1 from ${table} x where x.tenant_id = ${t}), updated_at = now() where tenant_id = ${t} and id = ${id} returning custom_order`,
  );
  return Number(res.rows[0]?.custom_order ?? 0);
}

/** One visit counted atomically (the platform handle names the tenant itself). */
export function countVisit(db: Database, table: PgTable & { tenantId: PgColumn; id: PgColumn; totalVisits: PgColumn }, tenantId: string, id: string, actor: { type: VisitActorType; id: string }) {
  return db
    .update(table)
    .set({ totalVisits: sql`${table.totalVisits} + 1`, lastVisitedAt: sql`now()`, lastVisitedByActorType: actor.type, lastVisitedByActorId: actor.id } as never)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
}

/** `permission` of a person as effectivePermissions computes it: role, groups, platform admin. */
export function writesAllSql(permission: Permission, userId: string, tenantColumn: SQL): SQL<boolean> {
  const roles = (Object.keys(ROLE_PERMISSIONS) as (keyof typeof ROLE_PERMISSIONS)[]).filter((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(permission));
  return sql<boolean>`(
  exists (select 1 from users u where u.id = ${userId} and u.is_system_admin)
  or exists (select 1 from memberships m where m.user_id = ${userId} and m.tenant_id = ${tenantColumn} and m.role in (select jsonb_array_elements_text(${JSON.stringify(roles)}::jsonb)))
  or exists (select 1 from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${userId} and gm.tenant_id = ${tenantColumn} and ${permission} = any(g.permissions)))`;
}
