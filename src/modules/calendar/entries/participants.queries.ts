// Participants of an entry (calendar_entry_participants): kept in step with what the entry names
// (owner, metadata.participants) and answered for by `respond`.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { calendarEntryParticipants as P, type ResponseStatus } from '../../../db/schema/calendar';
import { tenantOf } from '../../../db/tenant';
import type { WantedParticipant } from './entries.rules';
import type { ParticipantRow } from './entries.views';

const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Makes the live participants of `entryId` the ones wanted: new ones pending, kept ones with their
 * response (and the role now asked), others removed (soft delete). A user who answered for a
 * group it still names keeps that answer.
 */
export async function syncParticipants(ctx: ServiceContext, entryId: string, wanted: WantedParticipant[], by: string | null): Promise<void> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const users = wanted.filter((w) => w.kind === 'user');
  const groupIds = wanted.filter((w) => w.kind === 'group').map((w) => w.id);
  await db
    .update(P)
    .set({ deletedAt: sql`now()`, deletedBy: by, updatedAt: sql`now()` })
    .where(
      and(
        eq(P.tenantId, t),
        eq(P.calendarEntryId, entryId),
        isNull(P.deletedAt),
        sql`not (coalesce(${P.actorUserId} = any(${uuidArray(users.map((u) => u.id))}), false)
          or coalesce(${P.actorGroupId} = any(${uuidArray(groupIds)}), false)
          or exists (select 1 from group_members gm where gm.user_id = ${P.actorUserId} and gm.group_id = any(${uuidArray(groupIds)})))`,
      ),
    );
  for (const [kind, rows] of [['user', users], ['group', wanted.filter((w) => w.kind === 'group')]] as const) {
    if (!rows.length) continue;
    const column = kind === 'user' ? P.actorUserId : P.actorGroupId;
    await db
      .insert(P)
      .values(rows.map((w) => ({ tenantId: t, calendarEntryId: entryId, actorType: kind, [kind === 'user' ? 'actorUserId' : 'actorGroupId']: w.id, role: w.role, createdBy: by })))
      .onConflictDoUpdate({ target: [P.calendarEntryId, column], targetWhere: sql`${column} is not null and ${P.deletedAt} is null`, set: { role: sql`excluded.role`, updatedAt: sql`now()` } });
  }
}

/**
 * Records `userId`'s response on `entryId`: on their own row, or, named only through a group, on
 * a row of their own with the group's role (the group's row stays pending for its other members).
 * Undefined when they are not a participant.
 */
export async function respond(ctx: ServiceContext, entryId: string, userId: string, status: ResponseStatus): Promise<ParticipantRow | undefined> {
  const db = await ctx.db();
  const t = tenantOf(ctx);
  const [own] = await db
    .update(P)
    .set({ responseStatus: status, updatedAt: sql`now()` })
    .where(and(eq(P.tenantId, t), eq(P.calendarEntryId, entryId), eq(P.actorUserId, userId), isNull(P.deletedAt)))
    .returning();
  if (own) return own;
  const [viaGroup] = await db.execute<{ role: ParticipantRow['role'] }>(sql`
    select p.role from calendar_entry_participants p join group_members gm on gm.group_id = p.actor_group_id and gm.user_id = ${userId}
    where p.tenant_id = ${t} and p.calendar_entry_id = ${entryId} and p.deleted_at is null
    order by p.created_at, p.id limit 1`).then((r) => r.rows);
  if (!viaGroup) return undefined;
  const [row] = await db
    .insert(P)
    .values({ tenantId: t, calendarEntryId: entryId, actorType: 'user', actorUserId: userId, role: viaGroup.role, responseStatus: status, createdBy: userId })
    .onConflictDoUpdate({ target: [P.calendarEntryId, P.actorUserId], targetWhere: sql`${P.actorUserId} is not null and ${P.deletedAt} is null`, set: { responseStatus: status, updatedAt: sql`now()` } })
    .returning();
  return row;
}
