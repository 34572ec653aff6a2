// Downloads of a tenant's configuration.
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Tenant id');
const WHO = "The tenant's owner and admins (and platform administrators); another tenant's id is 404. Secrets in settings are masked (`********`); API keys are never exported.";

export const env = contractRoute(contract.getSecureTenantsByIdEnv, {
  description: `The configuration as a \`.env\` file (\`text/plain\`, \`Content-Disposition: attachment; filename="<slug>.env"\`): \`PVE_TENANT_*\`, \`PVE_API_BASE_URL\`, languages, retention, \`PVE_SETTINGS_*\` and an empty \`PVE_API_KEY\` to fill in. ${WHO}`,
  request: { params },
  auth: { permission: 'tenant:read', roles: ['owner', 'admin'] },
});
export const json = contractRoute(contract.getSecureTenantsByIdJson, {
  description: `The configuration as a JSON file (\`Content-Disposition: attachment; filename="<slug>.json"\`): \`tenant\`, \`api\`, \`log_retention_days\`, \`settings\`, \`exported_at\`. ${WHO}`,
  request: { params },
  auth: { permission: 'tenant:read', roles: ['owner', 'admin'] },
});
