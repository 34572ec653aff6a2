// What a user may do in a tenant: role, groups and effective permissions. Used by sign-in
// responses and the access area's user views; secure routes get the same from the principal
// (middleware/auth.ts). Takes a database handle: the access area calls it with its own.
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { groupMembers, groups } from '../../../db/schema/access';
import { memberships, type Role } from '../../../db/schema/accounts';
import type { Tx } from '../../../db/tx';
import { effectivePermissions, ROLE_RANK } from '../../../lib/permissions';
import type { UserContext } from './sign-in.model';

/** `knownRole`: the membership role when the caller already read it (saves a round trip). */
export async function userContext(db: Database | Tx, userId: string, tenantId: string, isSystemAdmin: boolean, knownRole?: Role): Promise<UserContext> {
  const [membership] = knownRole
    ? [{ role: knownRole }]
    : await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)));
  const role: Role = membership?.role ?? (isSystemAdmin ? 'system_admin' : 'guest');
  return contextOf(role, isSystemAdmin, await groupGrants(db, userId, tenantId));
}

/** The groups of a user in a tenant: needs nothing read before, so it can go with the user's own read. */
export function groupGrants(db: Database | Tx, userId: string, tenantId: string) {
  return db
    .select({ id: groups.id, name: groups.name, permissions: groups.permissions })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.userId, userId), eq(groupMembers.tenantId, tenantId)))
    .orderBy(sql`${groups.name}`);
}

export function contextOf(role: Role, isSystemAdmin: boolean, grants: Awaited<ReturnType<typeof groupGrants>>): UserContext {
  return {
    role,
    groups: grants,
    permissions: effectivePermissions(role, isSystemAdmin, grants.map((g) => g.permissions)),
    isTenantAdmin: isSystemAdmin || ROLE_RANK[role] >= ROLE_RANK.admin,
  };
}
