// Tenant settings by category, their history and reset, and the caller's own settings overview.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { limitOffsetQuery } from '../../../lib/pagination';
import { SETTINGS_CATEGORIES } from './settings.model';

export const tenantParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'Tenant id: the caller\'s own tenant (platform administrators: any tenant)' }) });
const categoryParams = tenantParam.extend({
  category: z.enum(SETTINGS_CATEGORIES).openapi({ param: { name: 'category', in: 'path' }, description: 'general, limits, integrations, notifications or security' }),
});

const TARGET_DOC = 'The tenant must be the caller\'s own (platform administrators: any tenant); another tenant\'s id answers 404.';
const CATEGORY_DOC =
  'Categories: `general` (timezone `Area/City`, locale `xx-XX`, date and time format), `limits` (`max_users`, `max_spaces`, `max_resources`, ' +
  '`max_storage_gb`, `max_api_calls_per_day`; whole numbers, -1 = unlimited; enforced when users are created, imported, invited, accept an invitation or self-register: 422 ' +
  '`QUOTA_EXCEEDED`; `max_api_calls_per_day` counts every authenticated call of the tenant per UTC day, over it 429 `DAILY_QUOTA_EXCEEDED` ' +
  'with Retry-After until midnight UTC — isolates learn the total at their usage flush (about every second), so it may be passed by what ' +
  'one flush interval missed; a platform administrator can raise it for a tenant that used it up), `integrations` (named provider entries; secrets only as `api_key_vault_id`, secret-looking `config` keys are refused), ' +
  '`notifications`, `security` (the sign-in rules the accounts area applies: password sign-in, MFA requirement, invitation-only vs ' +
  'self-registration, OAuth providers and redirect allow-list; `default_oauth_redirect_url` must be in `allowed_oauth_redirect_urls`; `allowed_cors_origins`, when not empty, is an ' +
  'allow-list of browser origins: responses to authenticated calls from any other Origin carry no Access-Control-Allow-Origin, on top of ' +
  'the security policy\'s CORS rules). ' +
  'Values never stored read as the defaults of the tenant\'s type (trial, paid, enterprise, system).';
const WRITE_AUTH = { permission: 'tenant:write', usersOnly: true, roles: ['owner', 'admin'] } as const;

export const overview = contractRoute(contract.getSecureSettings, {
  description: `The caller's tenant settings in effect: \`{ data: { tenantId, type, general, limits, integrations, notifications, security } }\`. ${CATEGORY_DOC}`,
  auth: { permission: 'tenant:read' },
});
export const all = contractRoute(contract.getSecureTenantsByIdSettings, {
  description: `Every category of the tenant's settings in effect. ${CATEGORY_DOC} ${TARGET_DOC}`,
  request: { params: tenantParam },
  auth: { permission: 'tenant:read' },
});
export const history = contractRoute(contract.getSecureTenantsByIdSettingsHistory, {
  description: `Changes of the tenant's settings, newest first: before (null before the first change of the category), after, who, from which IP, and the reason (resets). Query: \`category\`, \`limit\` 1..100 (default 50), \`offset\`. ${TARGET_DOC}`,
  request: { params: tenantParam, query: z.object({ category: z.enum(SETTINGS_CATEGORIES).optional(), ...limitOffsetQuery(50, 100) }) },
  auth: { permission: 'tenant:read' },
});
export const get = contractRoute(contract.getSecureTenantsByIdSettingsByCategory, {
  description: `One category in effect; \`id\`, \`created_at\` and \`updated_at\` are present once the category was changed. ${CATEGORY_DOC} ${TARGET_DOC}`,
  request: { params: categoryParams },
  auth: { permission: 'tenant:read' },
});
export const patch = contractRoute(contract.patchSecureTenantsByIdSettingsByCategory, {
  description:
    `Merges \`settings\` over the category (top-level keys; an integration entry is replaced whole) and validates the result (400 with ` +
    `\`details.fields\`, nothing written). In \`security\`, giving only one of \`require_invitation\` / \`allow_self_registration\` sets the other to its opposite. ` +
    `Writes a history entry and the audit log. Owners and admins (\`tenant:write\`). ${CATEGORY_DOC} ${TARGET_DOC}`,
  request: { params: categoryParams },
  auth: WRITE_AUTH,
});
export const reset = contractRoute(contract.postSecureTenantsByIdSettingsByCategoryReset, {
  description:
    `Replaces the category with the defaults of \`tenant_type\` (default: the tenant's own type; the system tenant keeps its own, 422). ` +
    `Writes a history entry (reason \`reset to <type> defaults\`) and the audit log. Owners and admins. ${TARGET_DOC}`,
  request: { params: categoryParams },
  bodyOptional: true,
  auth: WRITE_AUTH,
});
