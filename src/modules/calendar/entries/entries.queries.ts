// Entries in Postgres. Every read joins the entry's calendar and holds the calendar rule
// (calendar-access.ts) and the entry rule (entry-access.ts) in the same statement; writes go
// through the request's transaction (ctx.db()). Tenant filter on every statement (row-level
// security holds the same line underneath).
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { BaseContext, ServiceContext } from '../../../context';
import { memberships } from '../../../db/schema/accounts';
import { groups } from '../../../db/schema/access';
import { calendarEntries, calendarReminders, calendars, type EntryKind, type EntryStatus } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { calendarVisibleSql, type CalendarCaller } from '../shared/calendar-access';
import { entryDetailSql, entryManageableSql } from '../shared/entry-access';
import { pageTotal } from '../shared/page.queries';
import { overlapsSql } from '../shared/overlap.queries';
import type { TimeWindow } from '../shared/time-window';
import type { EntryRow } from './entries.views';

export interface EntryListFilter extends TimeWindow {
  calendarId?: string;
  kind?: EntryKind;
  status?: EntryStatus;
  limit: number;
  offset: number;
}

/** Live entries of live calendars the caller sees, whose details they may read. */
const readable = (ctx: ServiceContext, c: CalendarCaller, ...more: (SQL | undefined)[]) =>
  ofTenant(calendarEntries.tenantId, tenantOf(ctx), isNull(calendarEntries.deletedAt), isNull(calendars.deletedAt), calendarVisibleSql(c), entryDetailSql(c), ...more);

/** A page of the readable entries overlapping the window, by start then id, with the total. */
export async function listEntries(ctx: ServiceContext, c: CalendarCaller, f: EntryListFilter): Promise<{ rows: EntryRow[]; total: number }> {
  const db = await ctx.db();
  const where = readable(
    ctx,
    c,
    overlapsSql(calendarEntries.startsAt, calendarEntries.endsAt, f),
    f.calendarId ? eq(calendarEntries.calendarId, f.calendarId) : undefined,
    f.kind ? eq(calendarEntries.kind, f.kind) : undefined,
    f.status ? eq(calendarEntries.status, f.status) : undefined,
  );
  const rows = await db
    .select({ row: calendarEntries, total: sql<number>`(count(*) over ())::int` })
    .from(calendarEntries)
    .innerJoin(calendars, eq(calendars.id, calendarEntries.calendarId))
    .where(where)
    .orderBy(asc(calendarEntries.startsAt), asc(calendarEntries.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = await pageTotal(rows, f.offset, async () =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(calendarEntries).innerJoin(calendars, eq(calendars.id, calendarEntries.calendarId)).where(where))[0]?.n ?? 0,
  );
  return { rows: rows.map((r) => r.row), total };
}

/** The readable entry `id` with whether the caller changes it (`lock`: FOR UPDATE of the entry). */
export async function findEntry(ctx: ServiceContext, c: CalendarCaller, id: string, lock = false): Promise<{ row: EntryRow; manageable: boolean } | undefined> {
  const db = await ctx.db();
  const q = db
    .select({ row: calendarEntries, manageable: entryManageableSql(c) })
    .from(calendarEntries)
    .innerJoin(calendars, eq(calendars.id, calendarEntries.calendarId))
    .where(readable(ctx, c, eq(calendarEntries.id, id)));
  const [r] = lock ? await q.for('update', { of: calendarEntries }) : await q;
  return r;
}

export type NewEntry = Omit<typeof calendarEntries.$inferInsert, 'tenantId'>;

export async function insertEntry(ctx: ServiceContext, v: NewEntry): Promise<EntryRow> {
  const db = await ctx.db();
  const [row] = await db.insert(calendarEntries).values({ ...v, tenantId: tenantOf(ctx) }).returning();
  return row!;
}

export async function updateEntry(ctx: ServiceContext, id: string, set: Partial<typeof calendarEntries.$inferInsert>): Promise<EntryRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(calendarEntries)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(calendarEntries.tenantId, tenantOf(ctx), eq(calendarEntries.id, id)))
    .returning();
  return row!;
}

/** Soft-deletes the entry and its reminders (the dispatcher never fires for a deleted entry). */
export async function deleteEntry(ctx: ServiceContext, id: string, by: string | null): Promise<void> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  await db.execute(sql`with gone as (
      update ${calendarReminders} set deleted_at = now(), deleted_by = ${by}, is_enabled = false, updated_at = now()
      where tenant_id = ${t} and calendar_entry_id = ${id} and deleted_at is null)
    update ${calendarEntries} set deleted_at = now(), deleted_by = ${by}, updated_at = now() where tenant_id = ${t} and id = ${id}`);
}

/** Of the user and group ids given, those that are not the tenant's (members, groups). */
export async function foreignActors(ctx: ServiceContext, userIds: string[], groupIds: string[]): Promise<{ users: string[]; groups: string[] }> {
  if (!userIds.length && !groupIds.length) return { users: [], groups: [] };
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const [known] = await db
    .select({
      users: userIds.length ? sql<string[]>`(select coalesce(array_agg(${memberships.userId}::text), '{}') from ${memberships} where ${and(eq(memberships.tenantId, t), inArray(memberships.userId, userIds))})` : sql<string[]>`'{}'::text[]`,
      groups: groupIds.length ? sql<string[]>`(select coalesce(array_agg(${groups.id}::text), '{}') from ${groups} where ${and(eq(groups.tenantId, t), inArray(groups.id, groupIds))})` : sql<string[]>`'{}'::text[]`,
    })
    .from(sql`(select 1) as one`);
  return { users: userIds.filter((u) => !known!.users.includes(u)), groups: groupIds.filter((g) => !known!.groups.includes(g)) };
}

/**
 * An approval decision on entry `id` (only while `requestId` is its request): the state follows the
 * decision; an approved tentative entry is confirmed, a refused one (rejected, cancelled, expired)
 * is cancelled.
 */
export async function applyDecision(ctx: BaseContext, tenantId: string, id: string, requestId: string, state: 'approved' | 'rejected' | 'cancelled' | 'expired'): Promise<void> {
  const db = await ctx.db();
  const status = state === 'approved' ? sql`case when ${calendarEntries.status} = 'tentative' then 'confirmed' else ${calendarEntries.status} end` : sql`'cancelled'`;
  await db
    .update(calendarEntries)
    .set({ approvalState: state, status, updatedAt: sql`now()` })
    .where(and(eq(calendarEntries.tenantId, tenantId), eq(calendarEntries.id, id), eq(calendarEntries.approvalRequestId, requestId)));
}
