// A tenant's audit log retention policy.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Tenant id');
const POLICY =
  'Audit log entries of the tenant older than `retention_days` (30, 60 or 90; 90 until set) are deleted by a cron job (every minute, in batches).';

// The reference's `enum: [30, 60, 90]` (the generated union of literals would publish `anyOf`).
const days = z.number().refine((v) => v === 30 || v === 60 || v === 90, 'Must be 30, 60 or 90').openapi({ enum: [30, 60, 90] });
const getContract = contract.getSecureTenantsByIdLogRetention;
const getData = getContract.responses[200].shape.data.unwrap();
const patchContract = contract.patchSecureTenantsByIdLogRetention;

export const get = contractRoute({ ...getContract, responses: { 200: z.object({ data: getData.extend({ retention_days: days.optional() }).optional() }) } }, {
  description: `The policy; without an explicit one, the default (90 days) with \`created_at\`/\`updated_at\` absent. ${POLICY} Own tenant, or any for platform administrators.`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const patch = contractRoute({ ...patchContract, body: patchContract.body.extend({ retention_days: days }) }, {
  description: `Sets \`retention_days\` (30, 60 or 90; other values 400). ${POLICY} The tenant's owner or admin, or a platform administrator; a retired tenant is read-only (409).`,
  request: { params },
  auth: { permission: 'tenant:write', usersOnly: true, roles: ['owner', 'admin'] },
  errors: [409],
});
