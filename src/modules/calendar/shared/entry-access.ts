// Who sees an entry's details and who changes it, as SQL over a `calendar_entries` row joined to its
// `calendars` row (the calendar rule, calendar-access.ts, holds first: a caller who cannot see the
// calendar sees none of its entries).
//
// - Details (lists, GET, the window's title): the calendar's managers, the entry's owner and creator
//   always; anyone who sees the calendar for a `default` entry; its participants (a user, or a member
//   of a group it names) for a `private` one. An entry waiting for approval: its managers, owner and
//   creator only.
// - Changes (PATCH, DELETE, /status): the calendar's managers and the entry's owner.
// - Free-busy counts every entry of a visible calendar, private ones included, as busy time without
//   details; the window shows a private entry it cannot detail as "Busy".
import { sql, type SQL } from 'drizzle-orm';
import { calendarManageableSql, type CalendarCaller } from './calendar-access';

const E = {
  id: sql.raw('"calendar_entries"."id"'),
  visibility: sql.raw('"calendar_entries"."visibility"'),
  owner: sql.raw('"calendar_entries"."owner_user_id"'),
  createdBy: sql.raw('"calendar_entries"."created_by"'),
  approval: sql.raw('"calendar_entries"."approval_state"'),
};

/** The caller is a participant of the entry in scope: named as a user, or a member of a named group. */
export const entryParticipantSql = (userId: string): SQL<boolean> => sql<boolean>`exists (
  select 1 from calendar_entry_participants ep where ep.calendar_entry_id = ${E.id} and ep.deleted_at is null
    and (ep.actor_user_id = ${userId}
      or ep.actor_group_id in (select gm.group_id from group_members gm where gm.user_id = ${userId})))`;

/** True when the caller changes the entry in scope (its calendar's managers, its owner). */
export function entryManageableSql(c: CalendarCaller): SQL<boolean> {
  if (c.isCalendarAdmin || !c.userId) return calendarManageableSql(c);
  return sql<boolean>`(${calendarManageableSql(c)} or ${E.owner} = ${c.userId})`;
}

/**
 * True when the caller may read the entry's details (its calendar being visible to them).
 * `manageable`: whether the caller manages the entry's calendar, when a query has it at hand already.
 */
export function entryDetailSql(c: CalendarCaller, manageable: SQL = calendarManageableSql(c)): SQL<boolean> {
  if (c.isCalendarAdmin) return sql<boolean>`true`;
  if (!c.userId) return sql<boolean>`false`;
  return sql<boolean>`(${manageable} or ${E.owner} = ${c.userId} or ${E.createdBy} = ${c.userId}
    or (${E.approval} is distinct from 'pending' and (${E.visibility} = 'default' or ${entryParticipantSql(c.userId)})))`;
}
