// Tenant metrics in Postgres: the stored daily rows and monthly roll-ups, live user counts, and the
// platform-wide statements of the metrics job (job context: every tenant).
import { desc, eq, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { tenants } from '../../../db/schema/accounts';
import { tenantMetricsDaily, tenantMetricsMonthly } from '../../../db/schema/tenant-config';
import { ofTenant } from '../../../db/tx';
import type { UsageCount } from '../settings/usage';

export type DailyRow = typeof tenantMetricsDaily.$inferSelect;
export type MonthlyRow = typeof tenantMetricsMonthly.$inferSelect;

export async function daily(ctx: BaseContext, tenantId: string, days: number): Promise<DailyRow[]> {
  const db = await ctx.db();
  return db.select().from(tenantMetricsDaily).where(ofTenant(tenantMetricsDaily.tenantId, tenantId)).orderBy(desc(tenantMetricsDaily.metricDate)).limit(days);
}

export async function monthly(ctx: BaseContext, tenantId: string, months: number): Promise<MonthlyRow[]> {
  const db = await ctx.db();
  return db
    .select()
    .from(tenantMetricsMonthly)
    .where(ofTenant(tenantMetricsMonthly.tenantId, tenantId))
    .orderBy(desc(tenantMetricsMonthly.year), desc(tenantMetricsMonthly.month))
    .limit(months);
}

/** Members per tenant (active membership) and those seen in a session within 30 days. */
export async function userCounts(ctx: BaseContext, tenantIds: readonly string[]): Promise<Map<string, UsageCount>> {
  if (tenantIds.length === 0) return new Map();
  const db = await ctx.db();
  const rows = await db.execute<{ tenant_id: string; total: number; active: number }>(sql`
    select m.tenant_id, count(*)::int as total,
           count(*) filter (where exists (select 1 from sessions s where s.user_id = m.user_id and s.tenant_id = m.tenant_id
                                          and s.last_seen_at > now() - interval '30 days'))::int as active
    from memberships m
    where m.status = 'active' and m.tenant_id in (${sql.join(tenantIds.map((id) => sql`${id}::uuid`), sql`, `)})
    group by m.tenant_id`);
  return new Map(rows.rows.map((r) => [r.tenant_id, { total: Number(r.total), active: Number(r.active) }]));
}

export async function tenantName(ctx: BaseContext, tenantId: string): Promise<string | undefined> {
  const db = await ctx.db();
  const [t] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return t?.name;
}

/** Platform-wide: a page of tenant ids (the job walks all tenants). */
export async function tenantIds(ctx: BaseContext, after: string | null, limit: number): Promise<string[]> {
  const db = await ctx.db();
  const rows = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(after ? sql`${tenants.id} > ${after}` : undefined)
    .orderBy(tenants.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

export type DailyValues = Omit<typeof tenantMetricsDaily.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Today's counts; `apiCalls` only replaces the stored value when known. */
export async function upsertDaily(ctx: BaseContext, rows: DailyValues[]): Promise<void> {
  if (!rows.length) return;
  const db = await ctx.db();
  await db
    .insert(tenantMetricsDaily)
    .values(rows)
    .onConflictDoUpdate({
      target: [tenantMetricsDaily.tenantId, tenantMetricsDaily.metricDate],
      set: {
        usersTotal: sql`excluded.users_total`,
        usersActive: sql`excluded.users_active`,
        spacesTotal: sql`excluded.spaces_total`,
        spacesActive: sql`excluded.spaces_active`,
        resourcesTotal: sql`excluded.resources_total`,
        resourcesActive: sql`excluded.resources_active`,
        storageBytes: sql`excluded.storage_bytes`,
        apiCalls: sql`coalesce(excluded.api_calls, ${tenantMetricsDaily.apiCalls})`,
        updatedAt: sql`now()`,
      },
    });
}

/** The API calls of an earlier day (the row keeps that day's counts; a missing row is created with zeros). */
export async function setApiCalls(ctx: BaseContext, tenantId: string, day: string, calls: number): Promise<void> {
  const db = await ctx.db();
  await db
    .insert(tenantMetricsDaily)
    .values({ tenantId, metricDate: day, apiCalls: calls })
    .onConflictDoUpdate({ target: [tenantMetricsDaily.tenantId, tenantMetricsDaily.metricDate], set: { apiCalls: calls, updatedAt: sql`now()` } });
}

/** Monthly roll-ups (average and peak of the daily rows) of the given tenants for `months` ('YYYY-MM-01'). */
export async function rollUp(ctx: BaseContext, ids: readonly string[], months: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const db = await ctx.db();
  await db.execute(sql`
    insert into tenant_metrics_monthly (tenant_id, year, month, users_average, users_peak, spaces_average, spaces_peak,
      resources_average, resources_peak, storage_average_bytes, storage_peak_bytes, total_api_calls)
    select tenant_id, extract(year from metric_date)::int, extract(month from metric_date)::int,
      round(avg(users_total))::int, max(users_total), round(avg(spaces_total))::int, max(spaces_total),
      round(avg(resources_total))::int, max(resources_total), round(avg(storage_bytes))::bigint, max(storage_bytes), sum(api_calls)::bigint
    from tenant_metrics_daily
    where tenant_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
      and date_trunc('month', metric_date)::date in (${sql.join(months.map((m) => sql`${m}::date`), sql`, `)})
    group by tenant_id, extract(year from metric_date), extract(month from metric_date)
    on conflict (tenant_id, year, month) do update set
      users_average = excluded.users_average, users_peak = excluded.users_peak,
      spaces_average = excluded.spaces_average, spaces_peak = excluded.spaces_peak,
      resources_average = excluded.resources_average, resources_peak = excluded.resources_peak,
      storage_average_bytes = excluded.storage_average_bytes, storage_peak_bytes = excluded.storage_peak_bytes,
      total_api_calls = excluded.total_api_calls, updated_at = now()`);
}

/** Retention: 90 days of daily rows, 12 months of roll-ups. */
export async function prune(ctx: BaseContext): Promise<void> {
  const db = await ctx.db();
  await db.delete(tenantMetricsDaily).where(sql`${tenantMetricsDaily.metricDate} < current_date - 90`);
  await db.delete(tenantMetricsMonthly).where(sql`make_date(${tenantMetricsMonthly.year}, ${tenantMetricsMonthly.month}, 1) < date_trunc('month', current_date) - interval '11 months'`);
}

