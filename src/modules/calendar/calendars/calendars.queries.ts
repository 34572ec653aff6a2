// Calendars in Postgres. Every function filters by the caller's tenant (tenantOf; row-level security
// holds the same line underneath) and by the one visibility rule (shared/calendar-access.ts).
// Lists are one statement (page + total with count(*) over ()).
import { and, asc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { memberships } from '../../../db/schema/accounts';
import { calendars, type CalendarKind, type CalendarVisibility } from '../../../db/schema/calendar';
import { resources } from '../../../db/schema/resources';
import { spaces } from '../../../db/schema/spaces';
import { typeDefinitions } from '../../../db/schema/type-definitions';
import { tenantOf } from '../../../db/tenant';
import { ofTenant } from '../../../db/tx';
import { pageTotal } from '../shared/page.queries';
import { likePattern } from '../../access/shared/like';
import { resourceManagerSql, spaceManagerSql } from '../../directory/shared/membership.queries';
import { calendarManageableSql, calendarVisibleSql, type CalendarCaller } from '../shared/calendar-access';
import type { CalendarRow } from './calendars.views';

export interface CalendarListFilter {
  kind?: CalendarKind;
  visibility?: CalendarVisibility;
  linkedUserId?: string;
  linkedResourceId?: string;
  linkedSpaceId?: string;
  q?: string;
  limit: number;
  offset: number;
}

const liveVisible = (ctx: ServiceContext, c: CalendarCaller, ...more: (SQL | undefined)[]) =>
  ofTenant(calendars.tenantId, tenantOf(ctx), isNull(calendars.deletedAt), calendarVisibleSql(c), ...more);

/** A page of the caller's visible, live calendars by name, with the total. */
export async function listCalendars(ctx: ServiceContext, c: CalendarCaller, f: CalendarListFilter): Promise<{ rows: CalendarRow[]; total: number }> {
  const db = await ctx.db();
  const where = liveVisible(
    ctx,
    c,
    f.kind ? eq(calendars.kind, f.kind) : undefined,
    f.visibility ? eq(calendars.visibility, f.visibility) : undefined,
    f.linkedUserId ? eq(calendars.linkedUserId, f.linkedUserId) : undefined,
    f.linkedResourceId ? eq(calendars.linkedResourceId, f.linkedResourceId) : undefined,
    f.linkedSpaceId ? eq(calendars.linkedSpaceId, f.linkedSpaceId) : undefined,
    f.q ? ilike(calendars.name, likePattern(f.q)) : undefined,
  );
  const rows = await db
    .select({ row: calendars, total: sql<number>`(count(*) over ())::int` })
    .from(calendars)
    .where(where)
    .orderBy(asc(calendars.name), asc(calendars.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = await pageTotal(rows, f.offset, async () => (await db.select({ n: sql<number>`count(*)::int` }).from(calendars).where(where))[0]?.n ?? 0);
  return { rows: rows.map((r) => r.row), total };
}

/** The live calendar `id` if the caller may see it, with whether they manage it. */
export async function findCalendar(ctx: ServiceContext, c: CalendarCaller, id: string, lock = false): Promise<{ row: CalendarRow; manageable: boolean } | undefined> {
  const db = await ctx.db();
  const q = db.select({ row: calendars, manageable: calendarManageableSql(c) }).from(calendars).where(liveVisible(ctx, c, eq(calendars.id, id)));
  const [r] = lock ? await q.for('update', { of: calendars }) : await q;
  return r;
}

export type NewCalendar = Omit<typeof calendars.$inferInsert, 'tenantId'>;

export async function insertCalendar(ctx: ServiceContext, v: NewCalendar): Promise<CalendarRow> {
  const db = await ctx.db();
  const [row] = await db.insert(calendars).values({ ...v, tenantId: tenantOf(ctx) }).returning();
  return row!;
}

export async function updateCalendar(ctx: ServiceContext, id: string, set: Partial<typeof calendars.$inferInsert>): Promise<CalendarRow> {
  const db = await ctx.db();
  const [row] = await db
    .update(calendars)
    .set({ ...set, updatedAt: sql`now()` })
    .where(ofTenant(calendars.tenantId, tenantOf(ctx), eq(calendars.id, id)))
    .returning();
  return row!;
}

// Subqueries name the parent's id qualified by hand: drizzle leaves column names unqualified in
// single-table statements, where the subquery's own `id` would capture them.
/**
 * The linked parent of a new calendar, if it is the tenant's, with whether the caller manages it
 * (FOR KEY SHARE: a concurrent delete of the parent waits, never a foreign-key 500).
 */
export async function lockParent(ctx: ServiceContext, c: CalendarCaller, link: { userId?: string; resourceId?: string; spaceId?: string }): Promise<{ manageable: boolean } | undefined> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const me = c.userId ?? null;
  if (link.userId) {
    const [r] = await db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.tenantId, t), eq(memberships.userId, link.userId))).for('key share');
    return r ? { manageable: Boolean(c.isCalendarAdmin) || r.userId === me } : undefined;
  }
  if (link.resourceId) {
    const [r] = await db
      .select({ manageable: c.isCalendarAdmin || !me ? sql<boolean>`${Boolean(c.isCalendarAdmin)}` : resourceManagerSql(sql.raw('"resources"."id"'), me) })
      .from(resources)
      .where(ofTenant(resources.tenantId, t, eq(resources.id, link.resourceId)))
      .for('key share');
    return r;
  }
  if (link.spaceId) {
    const [r] = await db
      .select({ manageable: c.isCalendarAdmin || !me ? sql<boolean>`${Boolean(c.isCalendarAdmin)}` : spaceManagerSql(sql.raw('"spaces"."id"'), me) })
      .from(spaces)
      .where(ofTenant(spaces.tenantId, t, eq(spaces.id, link.spaceId)))
      .for('key share');
    return r;
  }
  return undefined;
}

/** The type definition `id` of the tenant (for the calendar rule: active, applies to `calendar`). */
export async function typeDefinitionOf(ctx: ServiceContext, id: string): Promise<{ isActive: boolean; appliesTo: string } | undefined> {
  const db = await ctx.db();
  const [r] = await db
    .select({ isActive: typeDefinitions.isActive, appliesTo: typeDefinitions.appliesTo })
    .from(typeDefinitions)
    .where(ofTenant(typeDefinitions.tenantId, tenantOf(ctx), eq(typeDefinitions.id, id)))
    .for('key share');
  return r;
}
