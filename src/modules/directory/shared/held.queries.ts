// A permission of a person derived in SQL, for reads that go out with the caller check (before the
// caller is loaded): role, groups and platform admin, as effectivePermissions computes it.
import { sql, type SQL } from 'drizzle-orm';
import { ROLE_PERMISSIONS } from '../../../lib/permissions';

const rolesWith = (permission: string) => (Object.keys(ROLE_PERMISSIONS) as (keyof typeof ROLE_PERMISSIONS)[]).filter((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(permission));

/** True when user `userId` holds `permission` in tenant `tenant` (a uuid or a tenant column). */
export function heldSql(permission: string, userId: string, tenant: string | SQL): SQL<boolean> {
  return sql<boolean>`(exists (select 1 from users u where u.id = ${userId} and u.is_system_admin)
    or exists (select 1 from memberships m where m.user_id = ${userId} and m.tenant_id = ${tenant} and m.role in (select jsonb_array_elements_text(${JSON.stringify(rolesWith(permission))}::jsonb)))
    or exists (select 1 from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${userId} and gm.tenant_id = ${tenant} and ${permission} = any(g.permissions)))`;
}
