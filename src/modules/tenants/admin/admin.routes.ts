// Tenants: list, create, read, change, delete.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { TENANT_STATUSES, TENANT_TYPES } from './admin.model';

const params = idParam('Tenant id');
const VISIBILITY = 'Platform administrators see every tenant; everyone else only their own (another tenant\'s id is 404).';

export const list = contractRoute(contract.getSecureTenants, {
  description:
    `Tenants visible to the caller, by name. ${VISIBILITY} Query: \`status\`, \`type\`, \`search\` (name, domain or slug, case-insensitive), ` +
    '`limit` 1..100 (default 20), `offset`. Deleted tenants are not listed.',
  request: {
    query: z.object({
      status: z.enum(TENANT_STATUSES).optional().openapi({ description: 'Only tenants in this status' }),
      type: z.enum(TENANT_TYPES).optional().openapi({ description: 'Only tenants of this type' }),
      search: z.string().max(100).optional().openapi({ description: 'Substring of name, domain or slug' }),
      ...limitOffsetQuery(20, 100),
    }),
  },
  auth: { permission: 'tenant:read', usersOnly: true },
});
export const create = contractRoute(contract.postSecureTenants, {
  description:
    'Creates a tenant and its owner account (`ownerEmail`, `ownerPassword`; the email must be new: 409 `EMAIL_TAKEN`). Platform administrators only. ' +
    '`domain` must be unused (409 `DOMAIN_TAKEN`); the slug is the domain with dots as dashes. `status` active (default) or pending (activate it ' +
    'later; other statuses 422); `type` trial (default), paid or enterprise; `defaultLanguage` en by default and immutable afterwards. Each of ' +
    '`additionalLanguages` starts a language sync job.',
  auth: { permission: 'tenant:write', usersOnly: true },
  errors: [409],
  // Writes the new tenant's first rows (its owner, history, sync jobs): work for another tenant than the caller's.
  acrossTenants: true,
});
export const get = contractRoute(contract.getSecureTenantsById, {
  description: `One tenant. ${VISIBILITY}`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const patch = contractRoute(contract.patchSecureTenantsById, {
  description:
    `Changes a tenant: its owner or admin (own tenant) or a platform administrator. ${VISIBILITY} \`settings\`: top-level keys given replace ` +
    'theirs, others are kept. `additional_languages` replaces the list (not the default language): each language added starts an `add` sync job, ' +
    'each removed a `remove` job. `status`: only active ⇄ maintenance, by platform administrators (recorded in the lifecycle history); any ' +
    'other change is 409 `LIFECYCLE_ENDPOINT_REQUIRED` naming the lifecycle endpoint to use (`details.use`) or `INVALID_TRANSITION`. A retired ' +
    'tenant is read-only (409 `TENANT_RETIRED`). `domain` must be unused (409).',
  request: { params },
  auth: { permission: 'tenant:write', usersOnly: true, roles: ['owner', 'admin'] },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureTenantsById, {
  description:
    'Deletes a tenant: platform administrators only (the system tenant cannot be deleted: 409). The tenant is marked deleted and retired ' +
    '(domain and slug stay reserved) and disappears from every listing; its users, app accounts and API keys are refused from the next request ' +
    '(403 `TENANT_DELETED`). Recorded in the lifecycle history. 204.',
  request: { params },
  auth: { permission: 'tenant:delete', usersOnly: true },
  errors: [409],
});
