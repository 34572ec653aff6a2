// IAM: what the caller may do. Tenant-level today (role ∪ groups over the permission catalog);
// entity-level rules (space and resource memberships) arrive with the spaces and resources areas.
// Everything here is read from the caller as the auth middleware loaded it: no queries.
import type { Principal, UserPrincipal } from '../../../context';
import { ROLES } from '../../../db/schema/accounts';
import { ApiError } from '../../../lib/errors';
import { ALL_PERMISSIONS, catalogEntries, isPermission, ROLE_PERMISSIONS, ROLE_RANK, type Permission } from '../../../lib/permissions';

const rolePermissions = () => Object.fromEntries(ROLES.map((r) => [r, [...ROLE_PERMISSIONS[r]]]));

/** The caller's permission codes, in catalog order. */
export const effectivePermissions = (p: Principal): Permission[] => ALL_PERMISSIONS.filter((code) => p.permissions.has(code));

/** The caller in the active tenant, with the permission catalog and each role's codes. */
export function overview(p: UserPrincipal) {
  return {
    userId: p.userId,
    tenantId: p.tenantId,
    email: p.email,
    isSystemAdmin: p.isSystemAdmin,
    isTenantAdmin: p.isSystemAdmin || ROLE_RANK[p.role] >= ROLE_RANK.admin,
    groups: p.groups.map((g) => ({ id: g.id, name: g.name, permissions: g.permissions })),
    effectivePermissions: effectivePermissions(p),
    permissionCatalog: catalogEntries(),
    rolePermissions: rolePermissions(),
  };
}

/**
 * The catalog code a `can` question names: `permission` itself, or `action` with `entityType`
 * (`spaces:read`, `resources:write`, ...). 400 when neither is given or the code is unknown.
 */
export function askedPermission(q: { permission?: string; action?: 'read' | 'write'; entityType?: 'space' | 'resource' }): Permission {
  let code: string;
  if (q.permission) code = q.permission;
  else if (q.action && q.entityType) code = `${q.entityType}s:${q.action}`;
  else throw new ApiError('VALIDATION_ERROR', 'Give `permission`, or `action` with `entityType`', { fields: { permission: ['Required'] } });
  if (!isPermission(code)) {
    throw new ApiError('VALIDATION_ERROR', `Unknown permission code "${code}"; see GET /api/v1/secure/iam/ for the catalog`, {
      fields: { permission: ['Unknown permission code'] },
      unknownPermissions: [code],
    });
  }
  return code;
}
