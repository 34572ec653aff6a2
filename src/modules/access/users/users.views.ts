// The reference's User entity and user context, from the rows the service returns.
import type { UserContext } from '../../accounts/sign-in';
import { splitPermission } from '../../../lib/permissions';
import type { Activity, UserRow } from './users.model';

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

export function toUserContext(d: { user: UserRow; context: UserContext; activity: Activity[] }, tenantId: string) {
  return {
    user: toUser(d.user, tenantId),
    groups: d.context.groups.map((g) => ({ id: g.id, name: g.name, permissions: g.permissions })),
    permissions: d.context.permissions.map(splitPermission),
    recentActivity: d.activity.map((a) => ({ type: a.type, entity_id: a.entity_id, entity_type: a.entity_type, timestamp: new Date(a.at).toISOString() })),
  };
}
