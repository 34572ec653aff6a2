// IAM: what the caller may do. Tenant level from the caller as the auth middleware loaded it (role ∪
// groups over the permission catalog, no queries); entity level (a space or resource named in
// /iam/can, the /iam/me/* lists) from the directory's own rules through iam.queries.ts.
import type { Principal, ServiceContext, UserPrincipal } from '../../../context';
import { ROLES } from '../../../db/schema/accounts';
import { ApiError } from '../../../lib/errors';
import { callerOf as resourceCaller } from '../../directory/resources/resources.rules';
import { callerOf as spaceCaller } from '../../directory/spaces/spaces.rules';
import type { Caller } from '../../directory/shared/directory.model';
import * as q from './iam.queries';
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

export interface CanQuery {
  permission?: string;
  action?: 'read' | 'write';
  entityType?: 'space' | 'resource';
  spaceId?: string;
  resourceId?: string;
}

/**
 * Whether the caller may do what `q` asks. Without an entity id: the tenant-level permission. With
 * `spaceId` / `resourceId` (the entity `entityType` names, else the resource when both are given):
 * 404 when the caller cannot see it (another tenant's, a pending one of someone else); `write` is
 * true exactly when the caller's PATCH of it would pass (tenant-wide write, space manager, resource
 * admin or manager); `read` and other codes need the permission and the entity in sight.
 */
export async function can(ctx: ServiceContext, p: Principal, query: CanQuery): Promise<boolean> {
  const code = askedPermission(query);
  const type = query.entityType ?? (query.resourceId ? 'resource' : query.spaceId ? 'space' : undefined);
  const id = type === 'resource' ? query.resourceId : type === 'space' ? query.spaceId : undefined;
  if (!type || !id) return p.permissions.has(code);
  const access = await q.entityAccess(ctx, (type === 'space' ? spaceCaller : resourceCaller)(p), type, id);
  if (!access) throw new ApiError('NOT_FOUND', `${type === 'space' ? 'Space' : 'Resource'} not found`, { reason: `${type}_not_found`, [`${type}Id`]: id });
  return code === `${type}s:write` ? access.manageable : p.permissions.has(code);
}

/** The user's space memberships (API keys have no user and none). */
export const mySpaces = (ctx: ServiceContext, userId: string | undefined) => (userId ? q.memberSpaces(ctx, userId) : Promise.resolve([]));
export const manageableSpaces = (ctx: ServiceContext, caller: Caller) => q.manageableSpaces(ctx, caller);
export const manageableResources = (ctx: ServiceContext, caller: Caller) => q.manageableResources(ctx, caller);
