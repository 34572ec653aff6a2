// Users as members of a tenant: the only way this area reads a user. A user id that has no
// membership in the caller's tenant is "not found", whatever other tenant it belongs to.
import { and, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { memberships, users, type Role } from '../../db/schema/identity';
import type { Tx } from '../../db/tx';
import { notFound } from '../../lib/errors';

export type UserRow = typeof users.$inferSelect;

export const memberColumns = { user: users, role: memberships.role, membershipStatus: memberships.status };

/** Where-clause: users with a membership in `tenantId` (joined on memberships). */
export const inTenant = (tenantId: string, ...more: (SQL | undefined)[]) => and(eq(memberships.tenantId, tenantId), ...more);

export async function findMember(db: Database | Tx, tenantId: string, userId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(inTenant(tenantId, eq(users.id, userId)));
  return row;
}

export async function requireMember(db: Database | Tx, tenantId: string, userId: string): Promise<{ user: UserRow; role: Role }> {
  const row = await findMember(db, tenantId, userId);
  if (!row || row.user.deletedAt) throw notFound('User');
  return row;
}

/**
 * The reference's User entity. `tenantId` is the tenant the user is seen in (the caller's): a
 * person who belongs to several tenants is listed in each, with that tenant's id.
 */
export function toUser(u: UserRow, tenantId: string) {
  return {
    id: u.id,
    tenantId,
    email: u.email,
    status: u.status,
    first_name: u.firstName,
    middle_name: u.middleName,
    last_name: u.lastName,
    display_name: u.displayName,
    avatar_source: u.avatarSource,
    avatar_url: u.avatarUrl,
    profileImage: null,
    type_definition_id: u.typeDefinitionId,
    settings: u.settings,
    locale: u.locale,
    emailConfirmedAt: u.emailConfirmedAt?.toISOString() ?? null,
    emailVerificationStatus: u.emailConfirmedAt ? ('verified' as const) : ('pending' as const),
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

/** `%`, `_` and `\` are literal in a user's search text. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
