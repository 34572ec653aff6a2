// A tenant's audit log retention policy.
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Tenant id');
const POLICY =
  'Audit log entries of the tenant older than `retention_days` (30, 60 or 90; 90 until set) are deleted by a cron job (every minute, in batches).';

export const get = contractRoute(contract.getSecureTenantsByIdLogRetention, {
  description: `The policy; without an explicit one, the default (90 days) with \`created_at\`/\`updated_at\` absent. ${POLICY} Own tenant, or any for platform administrators.`,
  request: { params },
  auth: { permission: 'tenant:read', readWithCheck: true },
});
export const patch = contractRoute(contract.patchSecureTenantsByIdLogRetention, {
  description: `Sets \`retention_days\` (30, 60 or 90; other values 400). ${POLICY} The tenant's owner or admin, or a platform administrator; a retired tenant is read-only (409).`,
  request: { params },
  auth: { permission: 'tenant:write', usersOnly: true, roles: ['owner', 'admin'] },
  errors: [409],
});
