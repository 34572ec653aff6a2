// Contacts (list, create, read, update, delete, references): the contract routes, who may call
// them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';

const params = idParam('Contact id');
export const listQuery = z.object({
  search: z.string().trim().min(1).max(200).optional().openapi({ description: 'Only contacts whose names, email, phone or notes contain this text (case-insensitive)' }),
  ...limitOffsetQuery(20, 100),
});

const FIELDS_DOC =
  'Body in camelCase, answers in snake_case. Text is trimmed (blank is null). `phone` is stored in E.164: a number without `+` prefix ' +
  'is read in `address.country_code` (ISO 3166-1 alpha-2, stored upper case); an invalid number or unknown country is 422 ' +
  '(`details.reason` `invalid_phone` / `invalid_country_code`). A contact must hold at least one value: 422 `empty_contact`. ' +
  '`address` takes the reference\'s keys and up to 20 further string keys.';

export const list = contractRoute(contract.getSecureContacts, {
  description: 'Contacts of the tenant by last name, first name, id. Query: `search`, `limit` 1..100 (default 20), `offset`; `pagination.total` counts every match.',
  request: { query: listQuery },
  auth: { permission: 'contacts:read' },
});
export const create = contractRoute(contract.postSecureContacts, {
  description: `Creates a contact. ${FIELDS_DOC}`,
  auth: { permission: 'contacts:write' },
});
export const get = contractRoute(contract.getSecureContactsById, {
  description: 'One contact of the tenant (another tenant\'s: 404).',
  request: { params },
  auth: { permission: 'contacts:read' },
});
const patchContract = contract.patchSecureContactsById;
export const patch = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description: `Changes the fields given; null clears one, \`address\` is replaced as a whole. An empty body is 400. ${FIELDS_DOC}`,
  request: { params },
  auth: { permission: 'contacts:write' },
});
export const remove = contractRoute(contract.deleteSecureContactsById, {
  description: 'Deletes the contact and its links to users, spaces and resources. 204.',
  request: { params },
  auth: { permission: 'contacts:write' },
});
export const references = contractRoute(contract.getSecureContactsByIdReferences, {
  description:
    'The users, spaces and resources the contact is linked to, newest link first, with each entity\'s name (resolved per type in one ' +
    'batch; links to entities no longer there are left out).',
  request: { params },
  auth: { permission: 'contacts:read' },
});
