// Language sync jobs in Postgres (tenant-owned). Requests filter by the tenant they were allowed to
// see; the queue consumer names the job's tenant from the job row.
import { and, count, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { tenantLanguageSyncJobs as jobs, type SyncError } from '../../../db/schema/tenants';
import { ofTenant } from '../../../db/tx';
import type { JobFilter, SyncJobRow, SyncOperation } from './language-sync.model';

export async function insertJobs(ctx: BaseContext, tenantId: string, operation: SyncOperation, languages: string[], requestedBy: string | null): Promise<SyncJobRow[]> {
  if (!languages.length) return [];
  const db = await ctx.db();
  return db.insert(jobs).values(languages.map((languageCode) => ({ tenantId, operation, languageCode, requestedBy }))).returning();
}

export async function findJob(ctx: BaseContext, tenantId: string, id: string): Promise<SyncJobRow | undefined> {
  const db = await ctx.db();
  const [row] = await db.select().from(jobs).where(ofTenant(jobs.tenantId, tenantId, eq(jobs.id, id)));
  return row;
}

export async function recentJobs(ctx: BaseContext, tenantId: string, limit: number): Promise<SyncJobRow[]> {
  const db = await ctx.db();
  return db.select().from(jobs).where(ofTenant(jobs.tenantId, tenantId)).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(limit);
}

/** The history (add and remove jobs: the reference's history lists no other operation) with its total, in one statement. */
export async function history(ctx: BaseContext, tenantId: string, f: JobFilter): Promise<{ rows: SyncJobRow[]; total: number }> {
  const db = await ctx.db();
  const where: SQL = ofTenant(
    jobs.tenantId,
    tenantId,
    inArray(jobs.operation, f.operation ? [f.operation] : ['add', 'remove']),
    f.status ? eq(jobs.status, f.status) : undefined,
    f.language_code ? eq(jobs.languageCode, f.language_code) : undefined,
  );
  const rows = await db
    .select({ j: jobs, total: sql<number>`(count(*) over ())::int` })
    .from(jobs)
    .where(where)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = rows[0]?.total ?? (f.offset > 0 ? ((await db.select({ n: count() }).from(jobs).where(where))[0]?.n ?? 0) : 0);
  return { rows: rows.map((r) => r.j), total };
}

/** For the dashboard: open jobs and the last completed sync. */
export async function summary(ctx: BaseContext, tenantId: string): Promise<{ activeJobs: number; lastSync: Date | null }> {
  const db = await ctx.db();
  const [row] = await db
    .select({
      activeJobs: sql<number>`(count(*) filter (where ${jobs.status} in ('pending', 'running')))::int`,
      lastSync: max(jobs.completedAt),
    })
    .from(jobs)
    .where(ofTenant(jobs.tenantId, tenantId));
  return { activeJobs: row?.activeJobs ?? 0, lastSync: row?.lastSync ?? null };
}

/** Queue consumer: claims a pending job (running); undefined when another delivery already took it. */
export async function claimJob(ctx: BaseContext, id: string): Promise<SyncJobRow | undefined> {
  const db = await ctx.db();
  const [row] = await db
    .update(jobs)
    .set({ status: 'running', startedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'pending')))
    .returning();
  return row;
}

export async function progress(ctx: BaseContext, row: SyncJobRow, set: { entitiesProcessed?: number; entitiesTotal?: number }): Promise<void> {
  const db = await ctx.db();
  await db.update(jobs).set({ ...set, updatedAt: sql`now()` }).where(ofTenant(jobs.tenantId, row.tenantId, eq(jobs.id, row.id)));
}

export async function finish(ctx: BaseContext, row: SyncJobRow, status: 'completed' | 'failed', errors: SyncError[]): Promise<void> {
  const db = await ctx.db();
  await db
    .update(jobs)
    .set({ status, errors, completedAt: sql`now()`, updatedAt: sql`now()` })
    .where(ofTenant(jobs.tenantId, row.tenantId, eq(jobs.id, row.id)));
}

/** Cron: pending jobs whose queue message was lost (older than a few minutes), to send again. */
export async function stalePending(ctx: BaseContext, olderThanSeconds: number, limit: number): Promise<string[]> {
  const db = await ctx.db();
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), sql`${jobs.createdAt} < now() - make_interval(secs => ${olderThanSeconds})`))
    .orderBy(jobs.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
