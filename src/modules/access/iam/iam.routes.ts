// IAM (what the caller may do): the contract routes, their parameters and what the reference
// leaves unsaid. Every route serves any signed-in caller (`auth: {}`).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { catalogMarkdown } from '../../../lib/permissions';

const BOUNDED = 'At most 1,000 rows, by name.';

export const overview = contractRoute(contract.getSecureIam, {
  description:
    'The caller in the active tenant: groups, effective permissions (role ∪ groups) and admin flags (`isTenantAdmin`: ' +
    'role owner or admin, or platform admin). It also serves the permission catalog every route, group and IAM check ' +
    'uses: `data.permissionCatalog` lists each code with its `resource`, `action`, meaning and whether a group may grant ' +
    'it, and `data.rolePermissions` maps each membership role to its codes. A code is `<resource>:<action>`; a route ' +
    'names the code it needs in its description and in `x-permission`.\n\n' +
    catalogMarkdown(),
  auth: {},
});

export const can = contractRoute(contract.getSecureIamCan, {
  description:
    'Whether the caller holds `permission` (a catalog code, e.g. `spaces:write`; unknown codes answer 400). Alternatively ' +
    '`action` (`read`|`write`) with `entityType` (`space`|`resource`) stands for `spaces:read`, `resources:write`, etc. ' +
    'With `spaceId` or `resourceId` the answer is about that entity (the one `entityType` names; the resource when both ' +
    'are given): 404 when the caller cannot see it (another tenant’s, or a pending one they neither created nor manage); ' +
    '`write` is true exactly when the caller’s PATCH of it would pass (tenant-wide write permission, manager of the ' +
    'space, admin or manager of the resource or manager of its space); other codes need the permission and the entity in sight.',
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

export const mePermissions = contractRoute(contract.getSecureIamMePermissions, {
  description: 'The caller’s effective permission codes in the active tenant (role ∪ groups), in catalog order.',
  auth: {},
});
export const mySpaces = contractRoute(contract.getSecureIamMeSpaces, { description: `Spaces the caller belongs to, with their role there. ${BOUNDED}`, auth: {} });
export const manageableSpaces = contractRoute(contract.getSecureIamMeSpacesManageable, {
  description: `Spaces whose PATCH the caller would pass (tenant-wide spaces:write, or space manager). ${BOUNDED}`,
  auth: {},
});
export const manageableResources = contractRoute(contract.getSecureIamMeResourcesManageable, {
  description: `Resources in a space whose PATCH the caller would pass (tenant-wide resources:write, resource admin or manager, manager of its space). ${BOUNDED}`,
  auth: {},
});
