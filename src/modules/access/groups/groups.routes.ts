// Groups of the caller's tenant (list, create, read, update, delete), their members and a member's
// effective permissions: the contract routes, who may call them and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';

const params = idParam('Group id');
const RULES =
  '`permissions` are codes from the catalog (`GET /api/v1/secure/iam/` lists it): unknown codes, or `system:admin` ' +
  '(never granted by a group), answer 400 listing them in `details.unknownPermissions` / `details.notGrantable`; ' +
  'adding a code the caller does not hold answers 403 (no escalation through a group). Duplicates are dropped. ' +
  'Changes apply to the members’ very next request.';

export const list = contractRoute(contract.getSecureGroups, {
  description:
    'Groups of the caller’s tenant ordered by name then id. `search` matches the name (case-insensitive substring), ' +
    '`userId` keeps the groups that user is a member of. `limit` 1..200 (default 50), `offset`; `pagination.total` ' +
    'counts every match. Tag, category and date filters arrive with the taxonomy area. Needs `groups:read`.',
  request: {
    query: z.object({
      ...limitOffsetQuery(50, 200),
      search: z.string().trim().max(200).optional().openapi({ description: 'Substring of the name' }),
      userId: z.uuid().optional().openapi({ description: 'Only groups this user belongs to' }),
    }),
  },
  auth: { permission: 'groups:read' },
});
export const create = contractRoute(contract.postSecureGroupsCreate, {
  description: `Creates a group in the caller’s tenant. Names are unique per tenant (409). ${RULES} Needs \`groups:write\`.`,
  auth: { permission: 'groups:write' },
  errors: [409],
});
export const get = contractRoute(contract.getSecureGroupsById, {
  description: 'A group of the caller’s tenant; 404 for ids of other tenants. Needs `groups:read`.',
  request: { params },
  auth: { permission: 'groups:read' },
});
export const update = contractRoute(contract.putSecureGroupsById, {
  description: `Updates the given fields (all optional; \`permissions\` replaces the list). ${RULES} 409 on a name taken in the tenant. Needs \`groups:write\`.`,
  request: { params },
  auth: { permission: 'groups:write' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureGroupsById, {
  description: 'Deletes a group and its memberships; its members lose its permissions on their next request. 204. Needs `groups:write`.',
  request: { params },
  auth: { permission: 'groups:write' },
});

export const members = contractRoute(contract.getSecureGroupsByIdMembers, {
  description:
    'Members of a group ordered by email then id; `created_at` is when they joined the group. `limit` 1..1000 (default ' +
    '1000) and `offset` bound the list (the reference defines no pagination object here). Needs `groups:read`.',
  request: { params, query: z.object(limitOffsetQuery(1000, 1000)) },
  auth: { permission: 'groups:read' },
});
export const addMember = contractRoute(contract.postSecureGroupsByIdMembers, {
  description:
    'Adds a member of the caller’s tenant to the group (204; adding an existing member is a no-op). 404 when the group or ' +
    'the user is not in the tenant. 403 when the group grants permissions the caller does not hold. Needs `groups:write`.',
  request: { params },
  auth: { permission: 'groups:write' },
});
export const removeMember = contractRoute(contract.deleteSecureGroupsByIdMembersByUserId, {
  description: 'Removes a user from the group (204); they lose its permissions on their next request. 404 when the group is not in the tenant or the user is not a member of it. Needs `groups:write`.',
  request: { params: z.object({ id: z.uuid(), userId: z.uuid() }) },
  auth: { permission: 'groups:write' },
});

export const userPermissions = contractRoute(contract.getSecureGroupsUsersByUserIdPermissions, {
  description:
    'Effective permission codes of a member of the caller’s tenant: their role’s codes plus every group’s, in catalog ' +
    'order (see `GET /api/v1/secure/iam/`). 404 for users outside the tenant. Needs `groups:read`.',
  request: { params: z.object({ userId: z.uuid() }) },
  auth: { permission: 'groups:read' },
});
