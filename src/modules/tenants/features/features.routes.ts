// Tenant features: the caller's tenant's states, one or many changed, and the platform catalog.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';

const keyParam = z.object({ key: z.string().max(100).regex(/^[a-z][a-z0-9_]*$/).openapi({ param: { name: 'key', in: 'path' }, description: 'Feature key (e.g. `groups`)' }) });
const RULES =
  'Rules: a feature is on only while its `dependencies` are (enabling with one off: 422 `DEPENDENCY_DISABLED`; disabling one another ' +
  'enabled feature needs: 422 `REQUIRED_BY`, unless that one is disabled in the same request); `premium` features need a paid or ' +
  'enterprise tenant (403 `PLAN_REQUIRED`). A disabled feature switches off the routes it guards for the tenant at the next request ' +
  '(403 `FEATURE_DISABLED`): `groups` → /secure/groups, `invitations` → /secure/invitations, `api_keys` → /secure/api-keys, ' +
  '`app_accounts` → /secure/app-accounts, `approvals` → approvals and approval settings, `custom_domains` → /secure/tenant-domains. ' +
  'Changes are audited with `changed_reason`. Tenant owners and admins (or platform administrators).';
const WRITE_AUTH = { permission: 'tenant:write', usersOnly: true, roles: ['owner', 'admin'] } as const;

export const list = contractRoute(contract.getSecureFeatures, {
  description: 'Every feature of the catalog with the caller\'s tenant\'s state (`enabled`: stored state, else the default) and `config`.',
  auth: { permission: 'tenant:read' },
});
export const catalog = contractRoute(contract.getSecureFeaturesCatalog, {
  description: 'The feature catalog: key, name, description, category (core, premium, experimental), dependencies, default. Platform administrators only.',
  auth: { systemAdmin: true },
});
export const get = contractRoute(contract.getSecureFeaturesByKey, {
  description: 'One feature with the tenant\'s state; an unknown key answers 404.',
  request: { params: keyParam },
  auth: { permission: 'tenant:read' },
});
export const patch = contractRoute(contract.patchSecureFeaturesByKey, {
  description: `Switches one feature on or off (\`config\` replaces the stored one when given). ${RULES}`,
  request: { params: keyParam },
  auth: WRITE_AUTH,
});
const bulkContract = contract.postSecureFeaturesBulk;
export const bulk = contractRoute(bulkContract, {
  description: `Applies 1..50 changes at once, all or nothing; the rules are checked on the state after all of them. Unknown keys: 422 \`UNKNOWN_FEATURE\`. Answers the changed features. ${RULES}`,
  auth: WRITE_AUTH,
});
