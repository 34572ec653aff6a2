// Tenant overview: dashboard, onboarding info, developer configuration, translation coverage, counts.
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Tenant id');
const VISIBILITY = "A tenant's members read their own tenant; platform administrators any (another tenant's id is 404).";
const ADMINS = "The tenant's owner and admins (and platform administrators) only.";

export const dashboard = contractRoute(contract.getSecureTenantsByIdDashboard, {
  description:
    `The tenant, its counts (users: members / active = seen in the last 30 days; spaces, resources from their areas), \`apiRequests.last30d\` ` +
    '(requests counted on the API keys and app accounts used in the last 30 days), storage (`limit` from `settings.limits.max_storage_gb`, ' +
    'else by type: trial 1 GB, paid 50 GB, enterprise 500 GB; -1 unlimited), the last 10 audited changes naming an entity, and language sync ' +
    `(open jobs, last completed). One database round trip. ${VISIBILITY}`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const info = contractRoute(contract.getSecureTenantsByIdInfo, {
  description: `Onboarding details: the tenant, its owner (\`admin\`), API endpoints and authentication, and its groups. ${ADMINS}`,
  request: { params },
  auth: { permission: 'tenant:read', roles: ['owner', 'admin'] },
});
export const developerConfig = contractRoute(contract.getSecureTenantsByIdDeveloperConfig, {
  description:
    '`{ data: { tenant, admin, api: { baseUrl, openapiUrl, docsUrl, authentication }, configuration: { apiKeys, enabledApiKeys, appAccounts, ' +
    `activeAppAccounts, users, groups }, domains: { primary } } }\`. No secrets. ${ADMINS}`,
  request: { params },
  auth: { permission: 'tenant:read', roles: ['owner', 'admin'] },
});
export const translationCoverage = contractRoute(contract.getSecureTenantsByIdTranslationCoverage, {
  description:
    'Per entity kind (spaces, resources, categories, tags): entities of the tenant and those with at least one additional-language ' +
    `translation, as counted by the areas that own them (0 for a kind the tenant has none of). ${VISIBILITY}`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const statsCounts = contractRoute(contract.getSecureStatsCounts, {
  description:
    "Counts of the caller's tenant in one statement: `users` (members), `groups`, and `spaces`, `resources`, `tags`, `categories`, " +
    '`contacts`, `mediaFiles` as their areas provide them (a field is absent while its area is not part of this installation).',
  auth: { permission: 'tenant:read' },
});
