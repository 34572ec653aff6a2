// Who sees and who manages a calendar: the one rule every calendar query uses (calendars, entries,
// window, free-busy, recurrence, reminders, admin). As SQL over the `calendars` row, so lists and
// free-busy filter in the same statement that reads them.
//
// - A calendar admin (tenant owner or admin, platform administrator) sees and manages every calendar
//   of the tenant, deleted ones included where the admin routes ask for them.
// - Managers of a calendar: its creator, the linked user (user_linked), the linked resource's admins
//   and managers, the linked space's managers.
// - `private`: its managers only. `shared`: also every member of the linked parent (resource or
//   space readers; for user_linked and tenant_shared calendars, nobody more: no share endpoints exist).
//   `public_within_tenant`: every member of the tenant.
// - A private entry (`visibility: private`) of a calendar someone may see but not manage shows as busy
//   without details (free-busy) and is left out of lists and the window.
import { sql, type SQL } from 'drizzle-orm';
import { resourceManagerSql, resourceMemberSql, spaceManagerSql, spaceMemberSql } from '../../directory/shared/membership.queries';

/** The caller as the calendar rule needs it. */
export interface CalendarCaller {
  userId: string | undefined;
  /**
   * Tenant owner/admin or platform administrator: every calendar of the tenant. `undefined`: not
   * known yet (a read sent with the caller check), derived in SQL from the person's role.
   */
  isCalendarAdmin: boolean | undefined;
}

/** Roles that administer every calendar of their tenant. */
export const CALENDAR_ADMIN_ROLES = ['owner', 'admin', 'system_admin'] as const;

const CAL = {
  id: sql.raw('"calendars"."id"'),
  tenantId: sql.raw('"calendars"."tenant_id"'),
  createdBy: sql.raw('"calendars"."created_by"'),
  linkedUser: sql.raw('"calendars"."linked_user_id"'),
  linkedResource: sql.raw('"calendars"."linked_resource_id"'),
  linkedSpace: sql.raw('"calendars"."linked_space_id"'),
  visibility: sql.raw('"calendars"."visibility"'),
};

/** A person is a calendar admin of the row's tenant: platform administrator, tenant owner or admin. */
export const calendarAdminSql = (userId: string): SQL<boolean> => sql<boolean>`(
  exists (select 1 from users u where u.id = ${userId} and u.is_system_admin)
  or exists (select 1 from memberships m where m.user_id = ${userId} and m.tenant_id = ${CAL.tenantId} and m.role in ('owner', 'admin')))`;

/** True when the caller manages the `calendars` row in scope (PATCH, DELETE, reminders, entries of others). */
export function calendarManageableSql(c: CalendarCaller): SQL<boolean> {
  if (c.isCalendarAdmin) return sql<boolean>`true`;
  if (!c.userId) return sql<boolean>`false`;
  const admin = c.isCalendarAdmin === undefined ? sql`${calendarAdminSql(c.userId)} or ` : sql``;
  return sql<boolean>`(${admin}${CAL.createdBy} = ${c.userId} or ${CAL.linkedUser} = ${c.userId}
    or ${resourceManagerSql(CAL.linkedResource, c.userId)} or ${spaceManagerSql(CAL.linkedSpace, c.userId)})`;
}

/** True when the caller may see the `calendars` row in scope (deletion is filtered by the caller of this). */
export function calendarVisibleSql(c: CalendarCaller): SQL<boolean> {
  if (c.isCalendarAdmin) return sql<boolean>`true`;
  if (!c.userId) return sql<boolean>`false`;
  return sql<boolean>`(${CAL.visibility} = 'public_within_tenant' or ${calendarManageableSql(c)}
    or (${CAL.visibility} = 'shared' and (
${resourceMemberSql(CAL.linkedResource, c.userId)} or ${spaceMemberSql(CAL.linkedSpace, c.userId)})))`;
}
