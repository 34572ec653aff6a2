// Recurrence masters and their materialized instances in Postgres. A master is read through its
// root entry and calendar (the calendar rule and the entry rule in the same statement); instances
// are written with ON CONFLICT (master, local date) DO NOTHING, so moving the horizon never touches
// an instance that was overridden or cancelled.
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BaseContext, ServiceContext } from '../../../context';
import { calendarEntries, calendars, recurrenceInstances as I, recurrenceMasters as M, type EntryStatus } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { calendarVisibleSql, type CalendarCaller } from '../shared/calendar-access';
import { entryDetailSql, entryManageableSql } from '../shared/entry-access';
import { overlapsSql } from '../shared/overlap.queries';
import { pageTotal } from '../shared/page.queries';
import type { TimeWindow } from '../shared/time-window';
import type { Occurrence } from './recurrence.rules';
import type { InstanceRow, MasterRow } from './recurrence.views';

/** Live masters of live root entries in calendars the caller sees, whose details they may read. */
const readable = (ctx: ServiceContext, c: CalendarCaller, ...more: (SQL | undefined)[]) =>
  ofTenant(M.tenantId, tenantOf(ctx), isNull(M.deletedAt), isNull(calendars.deletedAt), isNull(calendarEntries.deletedAt), calendarVisibleSql(c), entryDetailSql(c), ...more);

export async function findMaster(ctx: ServiceContext, c: CalendarCaller, id: string): Promise<MasterRow | undefined> {
  const db = await ctx.db();
  const [r] = await db
    .select({ row: M })
    .from(M)
    .innerJoin(calendars, eq(calendars.id, M.calendarId))
    .innerJoin(calendarEntries, eq(calendarEntries.id, M.rootEntryId))
    .where(readable(ctx, c, eq(M.id, id)));
  return r?.row;
}

export async function insertMaster(ctx: ServiceContext, v: Omit<typeof M.$inferInsert, 'tenantId'>): Promise<MasterRow> {
  const db = await ctx.db();
  const [row] = await db.insert(M).values({ ...v, tenantId: tenantOf(ctx) }).returning();
  await db.update(calendarEntries).set({ recurrenceMasterId: row!.id, updatedAt: sql`now()` }).where(ofTenant(calendarEntries.tenantId, tenantOf(ctx), eq(calendarEntries.id, v.rootEntryId)));
  return row!;
}

/** Adds the occurrences not materialized yet and moves the master's horizon (and its exhaustion). */
export async function materialize(ctx: BaseContext, m: MasterRow, root: { id: string; status: EntryStatus; isAllDay: boolean }, occ: Occurrence[], horizon: Date, exhausted: boolean): Promise<number> {
  const db = await ctx.db();
  let added = 0;
  if (occ.length) {
    const rows = await db
      .insert(I)
      .values(occ.map((o) => ({ tenantId: m.tenantId, recurrenceMasterId: m.id, calendarId: m.calendarId, sourceEntryId: root.id, timezone: m.timezone, isAllDay: root.isAllDay, status: root.status, ...o })))
      .onConflictDoNothing({ target: [I.recurrenceMasterId, I.instanceDate] })
      .returning({ id: I.id });
    added = rows.length;
  }
  await db
    .update(M)
    .set({ generatedUntil: horizon, exhaustedAt: exhausted ? sql`now()` : null, updatedAt: sql`now()` })
    .where(and(eq(M.tenantId, m.tenantId), eq(M.id, m.id)));
  return added;
}

/** A page of the master's instances overlapping the window (cancelled ones included), by start. */
export async function listInstances(ctx: ServiceContext, masterId: string, w: TimeWindow & { limit: number; offset: number }): Promise<{ rows: InstanceRow[]; total: number }> {
  const db = await ctx.db();
  const where = ofTenant(I.tenantId, tenantOf(ctx), eq(I.recurrenceMasterId, masterId), overlapsSql(I.startsAt, I.endsAt, w));
  const rows = await db
    .select({ row: I, total: sql<number>`(count(*) over ())::int` })
    .from(I)
    .where(where)
    .orderBy(asc(I.startsAt), asc(I.id))
    .limit(w.limit)
    .offset(w.offset);
  const total = await pageTotal(rows, w.offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(I).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => r.row), total };
}

/** The instance `id` of a readable master, locked, with whether the caller changes its series. */
export async function lockInstance(ctx: ServiceContext, c: CalendarCaller, id: string): Promise<{ row: InstanceRow; manageable: boolean; createdBy: string | null } | undefined> {
  const db = await ctx.db();
  const [r] = await db
    .select({ row: I, manageable: entryManageableSql(c), createdBy: M.createdBy })
    .from(I)
    .innerJoin(M, eq(M.id, I.recurrenceMasterId))
    .innerJoin(calendars, eq(calendars.id, M.calendarId))
    .innerJoin(calendarEntries, eq(calendarEntries.id, M.rootEntryId))
    .where(and(readable(ctx, c), eq(I.id, id)))
    .for('update', { of: I });
  return r;
}

export async function updateInstance(ctx: ServiceContext, id: string, set: Partial<typeof I.$inferInsert>): Promise<InstanceRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(I)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(I.tenantId, tenantOf(ctx), eq(I.id, id)))
    .returning();
  return row!;
}

/**
 * Masters whose horizon falls short of their window (more than a day behind), every tenant, locked
 * (SKIP LOCKED: overlapping runs take different masters), with their root entry.
 */
export async function lockBehind(ctx: BaseContext, limit: number): Promise<{ m: MasterRow; root: { id: string; status: EntryStatus; isAllDay: boolean; startsAt: Date; endsAt: Date; localStartDate: string | null; localEndDateExclusive: string | null } }[]> {
  const db = await ctx.db();
  return db
    .select({
      m: M,
      root: { id: calendarEntries.id, status: calendarEntries.status, isAllDay: calendarEntries.isAllDay, startsAt: calendarEntries.startsAt, endsAt: calendarEntries.endsAt, localStartDate: calendarEntries.localStartDate, localEndDateExclusive: calendarEntries.localEndDateExclusive },
    })
    .from(M)
    .innerJoin(calendarEntries, and(eq(calendarEntries.id, M.rootEntryId), isNull(calendarEntries.deletedAt)))
    .where(and(isNull(M.deletedAt), isNull(M.exhaustedAt), sql`coalesce(${M.generatedUntil}, '-infinity') < now() + (${M.generatedWindowDays} - 1) * interval '1 day'`))
    .orderBy(asc(M.generatedUntil))
    .limit(limit)
    .for('update', { of: M, skipLocked: true });
}
