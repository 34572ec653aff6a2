// Resource members: list, add (by user id or email; added people are managers), remove.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Resource id');
const MANAGE_DOC = 'Needs the right to change the resource: tenant-wide `resources:write`, an admin or manager of the resource, or a manager of its space (403).';

export const list = contractRoute(contract.getSecureResourcesByIdMembers, {
  description: 'Members of the resource in the order they were added: its creator as `admin`, people added later as `manager`.',
  request: { params },
  auth: { permission: 'resources:read' },
});
export const add = contractRoute(contract.postSecureResourcesByIdMembers, {
  description: `Adds people of the tenant named by \`userIds\` and/or \`emails\` (case-insensitive) as \`manager\`s; existing members keep their role. Anyone not in the tenant: 422 \`USER_NOT_IN_TENANT\` naming them, nothing written. ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'resources:read' },
});
export const remove = contractRoute(contract.deleteSecureResourcesByIdMembersByUserId, {
  description: `Removes the membership (404 when there is none). ${MANAGE_DOC}`,
  request: { params: params.extend({ userId: z.uuid().openapi({ description: 'User id' }) }) },
  auth: { permission: 'resources:read' },
});
