// Space members: list, add (manager or reader), remove. No role change: remove and add again.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Space id');
const MANAGE_DOC = 'Needs the right to change the space: tenant-wide `spaces:write` or being one of its managers (403); system spaces are read-only.';

export const list = contractRoute(contract.getSecureSpacesByIdMembers, {
  description: 'Members of the space in the order they were added.',
  request: { params },
  auth: { permission: 'spaces:read' },
});
export const add = contractRoute(contract.postSecureSpacesByIdMembers, {
  description: `Adds a person of the tenant as \`manager\` or \`reader\` (422 \`USER_NOT_IN_TENANT\` for anyone else; 409 \`ALREADY_MEMBER\`). ${MANAGE_DOC}`,
  request: { params },
  auth: { permission: 'spaces:read' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureSpacesByIdMembersByUserId, {
  description: `Removes the membership (404 when there is none). ${MANAGE_DOC}`,
  request: { params: params.extend({ userId: z.uuid().openapi({ description: 'User id' }) }) },
  auth: { permission: 'spaces:read' },
});
