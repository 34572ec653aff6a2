// Shape of `user` in sign-in responses (password sign-in, OAuth exchange and registration).
import type { UserContext } from './sign-in.model';

export function loginUser(
  u: { id: string; email: string; displayName: string | null; isSystemAdmin: boolean },
  tenant: { id: string; name: string },
  ctx: UserContext,
  restricted: boolean,
) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    tenantId: tenant.id,
    tenantName: tenant.name,
    groups: restricted ? [] : ctx.groups.map((g) => g.name),
    groupDetails: restricted ? [] : ctx.groups,
    permissions: restricted ? [] : ctx.permissions,
    isSystemAdmin: u.isSystemAdmin,
    isTenantAdmin: ctx.isTenantAdmin,
  };
}
