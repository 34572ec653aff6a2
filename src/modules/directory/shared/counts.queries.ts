// List totals read from the tenant's counts (directory_counts, kept by triggers: drizzle/0035)
// instead of counting rows: 100,000 resources cost 25-60 ms of Postgres CPU per count.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

export interface CountedColumns {
  tenantId: PgColumn;
  type: PgColumn;
  status: PgColumn;
}

/** The list filters a stored count can answer; any other filter means counting the matching rows. */
export interface CountableFilter {
  type?: string;
  status?: string;
}

/**
 * The number of `entityType` rows of the tenant with this type and status (each optional) that the
 * caller sees: the stored counts of every status but `pending`, plus the pending rows `visible`
 * admits (few; a partial index), since only their creator and managers see those.
 */
export function countedTotalSql(table: PgTable, c: CountedColumns, entityType: 'space' | 'resource', tenantId: string, f: CountableFilter, visible: SQL | undefined): SQL {
  const stored = sql`(select coalesce(sum(dc.n), 0) from directory_counts dc
    where dc.tenant_id = ${tenantId} and dc.entity_type = ${entityType} and dc.status <> 'pending'
    ${f.type ? sql`and dc.type = ${f.type}` : sql``} ${f.status ? sql`and dc.status = ${f.status}` : sql``})`;
  if (f.status && f.status !== 'pending') return stored;
  const pending = sql`(select count(*) from ${table} where ${c.tenantId} = ${tenantId} and ${c.status} = 'pending'
    ${f.type ? sql`and ${c.type} = ${f.type}` : sql``} ${visible ? sql`and ${visible}` : sql``})`;
  return sql`(${stored} + ${pending})`;
}

/** Whether the list's filters are type and status alone (then countedTotalSql is its total). */
export function isCountable(f: CountableFilter & { space_id?: string; category_id?: string; tag?: string[]; manageable?: boolean; search?: string; near?: unknown }): boolean {
  return !f.space_id && !f.category_id && !f.tag?.length && f.manageable === undefined && !f.search && !f.near;
}

/** Whether a filter selects its rows through an index of its own (listOrder's `narrow` source). */
export function isNarrow(f: { space_id?: string; category_id?: string; tag?: string[]; near?: unknown }): boolean {
  return Boolean(f.space_id || f.category_id || f.tag?.length || f.near);
}
