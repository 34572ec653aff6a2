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

/** How listOrder reads the filtered rows. */
export interface ListSource {
  /** The number of filtered rows when the caller can tell it without counting (countedTotalSql). */
  total?: SQL;
  /**
   * The filter selects few rows through an index of its own (category or tag links, a space, a
   * location box): read them once, then count, sort and place them, rather than walking the list
   * order index testing every row against the filter (and reading the matches again to count them).
   */
  narrow?: boolean;
}

/**
 * One page of the filtered ids in list order, as a subquery `sub` (f: id, pos, total) to join the
 * table on and order by `pos`. Natural order within each part: promoted rows by rank, the others by
 * customOrder desc, name, id. The i-th promoted row (ranks r ascending) goes before the regular row
 * number slot_i = max_{j<=i}(r_j - j) + 1 (its rank's place, or the next free one when an earlier
 * promoted row took it), so the regular row k lands at k + #{i: slot_i <= k} and the promoted row i
 * at min(slot_i - 1, regular rows) + i: the same on every page.
 *
 * Wide filters read only the promoted rows (few: a partial index) and the first offset+limit regular
 * rows, straight from the list-order index (tenant, custom_order desc, name, id); their total is
 * `source.total` or a count of the filtered rows, less the promoted ones (no row is tested for a
 * promotion to be counted). Narrow filters (`source.narrow`) read their matches once (a category of
 * 4,480 of 100,000 resources: three passes took 64 ms to run and 20 ms to plan, one 36 and 9).
 */
export function listOrder(db: Database, table: PgTable, c: OrderedColumns, where: SQL | undefined, page: { limit: number; offset: number }, source: ListSource = {}) {
  const promoted = promotedSql(c);
  const w = where ?? sql`true`;
  const natural = sql`${c.customOrder} desc, ${c.name}, ${c.id}`;
  const upTo = page.offset + page.limit;
  const parts = source.narrow
    ? sql`m as materialized (select ${c.id} as id, ${c.customOrder} as co, ${c.name} as nm, ${c.promotionRank} as rank, ${promoted} as promoted from ${table} where ${w}),
    p as (select id, rank, row_number() over (order by rank, co desc, nm, id) as i from m where promoted),
    ps as (select id, i, max(rank - i) over (order by i rows between unbounded preceding and current row) + 1 as slot from p),
    r as (select id, row_number() over (order by co desc, nm, id) as k from (select id, co, nm from m where not promoted order by co desc, nm, id limit ${upTo}) x),
    n as (select (count(*) filter (where not promoted))::int as n from m)`
    : sql`p as (
      select ${c.id} as id, ${c.promotionRank} as rank, row_number() over (order by ${c.promotionRank}, ${natural}) as i from ${table} where ${w} and ${promoted}),
    ps as (select id, i, max(rank - i) over (order by i rows between unbounded preceding and current row) + 1 as slot from p),
    r as (select id, row_number() over (order by co desc, nm, id) as k
      from (select ${c.id} as id, ${c.customOrder} as co, ${c.name} as nm from ${table} where ${w} and not ${promoted} order by ${natural} limit ${upTo}) x),
    n as (select (${source.total ?? sql`(select count(*) from ${table} where ${w})`} - (select count(*) from ps))::int as n)`;
  const ranked = sql`(
    with ${parts}
    select r.id, r.k + (select count(*) from ps where ps.slot <= r.k) as pos, (select n from n) + (select count(*) from ps) as total from r
    union all
    select ps.id, least(ps.slot - 1, (select n from n)) + ps.i, (select n from n) + (select count(*) from ps) from ps
  ) u`;
  const sub = db
    .select({ id: sql<string>`u.id`.as('id'), pos: sql<number>`u.pos`.as('pos'), total: sql<number>`u.total::int`.as('total') })
    .from(ranked)
    .where(sql`u.pos > ${page.offset} and u.pos <= ${page.offset + page.limit}`)
    .as('f');
  // The subquery's columns, qualified (drizzle leaves aliased SQL fields bare, which the joined table's columns would capture).
  return { sub, id: sql<string>`"f"."id"`, pos: sql<number>`"f"."pos"`, total: sql<number>`"f"."total"` };
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
