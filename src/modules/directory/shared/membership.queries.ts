// The membership predicates every "who may manage / see this" rule is built from: a manager of a
// space, an admin or manager of a resource, any member of either. One place, so that the
// directory's PATCH rule, its list flags, search, moves and the calendars linked to spaces and
// resources can never disagree on what "manager" means. `id` is the column (or SQL) of the space or
// resource in the outer statement.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

type Id = SQL | AnyPgColumn;

/** The user manages the space (role `manager`). */
export const spaceManagerSql = (id: Id, userId: string) =>
  sql<boolean>`exists (select 1 from space_members sm where sm.space_id = ${id} and sm.user_id = ${userId} and sm.role = 'manager')`;

/** The user manages the resource (role `admin`, its creator, or `manager`). */
export const resourceManagerSql = (id: Id, userId: string) =>
  sql<boolean>`exists (select 1 from resource_members rm where rm.resource_id = ${id} and rm.user_id = ${userId} and rm.role in ('admin', 'manager'))`;

/** The user is a member of the space in any role. */
export const spaceMemberSql = (id: Id, userId: string) => sql<boolean>`exists (select 1 from space_members sm where sm.space_id = ${id} and sm.user_id = ${userId})`;

/** The user is a member of the resource in any role. */
export const resourceMemberSql = (id: Id, userId: string) => sql<boolean>`exists (select 1 from resource_members rm where rm.resource_id = ${id} and rm.user_id = ${userId})`;
