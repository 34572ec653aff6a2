// Language sync status and history of a tenant.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { SYNC_STATUSES } from './language-sync.model';

const params = idParam('Tenant id');
const JOBS =
  "Adding a language to the tenant (POST /tenants or PATCH `additional_languages`) starts an `add` job per language, removing one a `remove` job; " +
  'jobs run in the background (queue) and record `entities_processed` / `entities_total` and `errors` (e.g. `TRANSLATION_PROVIDER_NOT_CONFIGURED` ' +
  'while no translation provider is set). A tenant admin reads their own tenant; platform administrators any.';

export const status = contractRoute(contract.getSecureTenantsByIdLanguageSyncStatus, {
  description: `With \`job_id\`: that job (404 when it is not this tenant's). Without: the 20 most recent jobs, newest first. ${JOBS}`,
  request: { params, query: z.object({ job_id: z.uuid().optional().openapi({ description: 'One job of this tenant' }) }) },
  auth: { permission: 'tenant:read' },
});
export const history = contractRoute(contract.getSecureTenantsByIdLanguageSyncHistory, {
  description: `The tenant's add and remove jobs, newest first. Filters: \`status\`, \`operation\`, \`language_code\`; \`limit\` 1..100 (default 20), \`offset\`. ${JOBS}`,
  request: {
    params,
    query: z.object({
      status: z.enum(SYNC_STATUSES).optional().openapi({ description: 'Only jobs in this status' }),
      operation: z.enum(['add', 'remove']).optional().openapi({ description: 'Only this operation' }),
      language_code: z.string().regex(/^[a-z]{2}$/).optional().openapi({ description: 'Only jobs for this language (ISO 639-1)' }),
      ...limitOffsetQuery(20, 100),
    }),
  },
  auth: { permission: 'tenant:read' },
});
