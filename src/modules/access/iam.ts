// IAM: what the caller may do. Tenant-level today (role ∪ groups over the permission catalog);
// entity-level rules (space and resource memberships) arrive with the spaces and resources areas.
import { z } from '@hono/zod-openapi';
import * as contract from '../../contract/access';
import { ApiError } from '../../lib/errors';
import { ALL_PERMISSIONS, catalogEntries, catalogMarkdown, isPermission, ROLE_PERMISSIONS, ROLE_RANK } from '../../lib/permissions';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal, userPrincipal } from '../../middleware/auth';
import { ROLES } from '../../db/schema/identity';

const NO_SPACES_YET =
  'Spaces and resources do not exist in this deployment yet: the list is empty (same shape) until those areas ship; no data is invented.';

const overview = contractRoute(contract.getSecureIam, {
  description:
    'The caller in the active tenant: groups, effective permissions (role ∪ groups) and admin flags (`isTenantAdmin`: ' +
    'role owner or admin, or platform admin). It also serves the permission catalog every route, group and IAM check ' +
    'uses: `data.permissionCatalog` lists each code with its `resource`, `action`, meaning and whether a group may grant ' +
    'it, and `data.rolePermissions` maps each membership role to its codes. A code is `<resource>:<action>`; a route ' +
    'names the code it needs in its description and in `x-permission`.\n\n' +
    catalogMarkdown(),
  auth: {},
});

const can = contractRoute(contract.getSecureIamCan, {
  description:
    'Whether the caller holds `permission` (a catalog code, e.g. `spaces:write`; unknown codes answer 400). Alternatively ' +
    '`action` (`read`|`write`) with `entityType` (`space`|`resource`) stands for `spaces:read`, `resources:write`, etc. ' +
    '`spaceId` / `resourceId` are accepted, but spaces and resources do not exist yet, so the answer comes from ' +
    'tenant-level permissions only; entity-level rules (space and resource memberships) arrive with those areas.',
  request: {
    query: z.object({
      permission: z.string().max(100).optional().openapi({ description: 'Catalog code, e.g. `users:write`' }),
      action: z.enum(['read', 'write']).optional(),
      entityType: z.enum(['space', 'resource']).optional(),
      spaceId: z.uuid().optional(),
      resourceId: z.uuid().optional(),
    }),
  },
  auth: {},
});

const mePermissions = contractRoute(contract.getSecureIamMePermissions, {
  description: 'The caller’s effective permission codes in the active tenant (role ∪ groups), in catalog order.',
  auth: {},
});
const mySpaces = contractRoute(contract.getSecureIamMeSpaces, { description: `Spaces the caller belongs to, with their role there. ${NO_SPACES_YET}`, auth: {} });
const manageableSpaces = contractRoute(contract.getSecureIamMeSpacesManageable, {
  description: `Spaces the caller can manage (tenant admin, or space manager). ${NO_SPACES_YET}`,
  auth: {},
});
const manageableResources = contractRoute(contract.getSecureIamMeResourcesManageable, {
  description: `Resources the caller can manage within their spaces. ${NO_SPACES_YET}`,
  auth: {},
});

const rolePermissions = () => Object.fromEntries(ROLES.map((r) => [r, [...ROLE_PERMISSIONS[r]]]));

export const iamRoutes = newRouter()
  .openapi(overview, async (c) => {
    const p = await userPrincipal(c);
    return c.json(
      {
        data: {
          userId: p.userId,
          tenantId: p.tenantId,
          email: p.email,
          isSystemAdmin: p.isSystemAdmin,
          isTenantAdmin: p.isSystemAdmin || ROLE_RANK[p.role] >= ROLE_RANK.admin,
          groups: p.groups.map((g) => ({ id: g.id, name: g.name, permissions: g.permissions })),
          effectivePermissions: ALL_PERMISSIONS.filter((code) => p.permissions.has(code)),
          permissionCatalog: catalogEntries(),
          rolePermissions: rolePermissions(),
        },
      },
      200,
    );
  })
  .openapi(can, async (c) => {
    const q = c.req.valid('query');
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
    const p = await principal(c);
    return c.json({ allowed: p.permissions.has(code) }, 200);
  })
  .openapi(mePermissions, async (c) => {
    const p = await principal(c);
    return c.json({ data: ALL_PERMISSIONS.filter((code) => p.permissions.has(code)) }, 200);
  })
  .openapi(mySpaces, async (c) => {
    await principal(c);
    return c.json({ data: [] }, 200);
  })
  .openapi(manageableSpaces, async (c) => {
    await principal(c);
    return c.json({ data: [] }, 200);
  })
  .openapi(manageableResources, async (c) => {
    await principal(c);
    return c.json({ data: [] }, 200);
  });
