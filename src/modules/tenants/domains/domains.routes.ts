// The caller's tenant's custom domains (/secure/tenant-domains): contract routes, who may call
// them, their parameters and what the reference leaves unsaid. The admin API (same rules, tenant
// in the path) is domains.admin.routes.ts.
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

const params = idParam('Domain id');

export const DOMAIN_DOC =
  'A domain belongs to one tenant platform-wide (409 `DOMAIN_TAKEN` when any tenant has it). It must be a public hostname ' +
  '(two labels at least, not an IP address or a local name: 400). Status moves from `pending` to `verified` or `failed` only ' +
  'through `POST …/verify`; once verified the domain places self-registrations, sign-ins and OAuth starts that arrive with it ' +
  'as their Host in its tenant, and feeds `GET /secure/tenants/{id}/oauth-redirect-uris`.';
export const PATCH_DOC =
  'Changes any of the fields given (400 for an empty body). Renaming starts verification over (new token, `pending`, SSL `none`). ' +
  '`status`, `ssl_status`, `ssl_issued_at` and `ssl_expires_at` are set by the platform: a tenant may only set `status` to ' +
  '`pending` (start over); anything else is 403 `PLATFORM_MANAGED_FIELD` unless the caller is a platform administrator.';
export const INSTRUCTIONS_DOC =
  'Records for every method (`method` names the one verify checks): cname — `CNAME <domain> → <platform target>` ' +
  '(DOMAIN_CNAME_TARGET); txt — `TXT _pve-verification.<domain>` holding `verification_token`; http — the file ' +
  '`http://<domain>/.well-known/pve-domain-verification.txt` holding `verification_token`.';
export const VERIFY_DOC =
  'Checks the domain now, through a DNS-over-HTTPS resolver (DNS_OVER_HTTPS_URL) or the HTTP file, each lookup bounded by ' +
  'DOMAIN_VERIFY_TIMEOUT_MS, and records the result (`verified` with `verified_at`, else `failed`). Always 200 with the outcome: ' +
  '`error.code` is DNS_LOOKUP_FAILED (resolver failure or NXDOMAIN), CNAME_MISMATCH (no CNAME, or another target), TXT_NOT_FOUND, ' +
  'HTTP_NOT_FOUND (no answer, not 2xx, or other content) or TIMEOUT. `expectedTarget` is the CNAME target (cname) or the token (txt, http).';

export const list = contractRoute(contract.getSecureTenantDomains, {
  description: `Custom domains of the caller's tenant, oldest first. ${DOMAIN_DOC} Needs \`tenant:read\`.`,
  auth: { permission: 'tenant:read' },
});
export const create = contractRoute(contract.postSecureTenantDomains, {
  description: `Adds a custom domain to the caller's tenant (status \`pending\`, a new 32-character \`verification_token\`, method default \`cname\`). ${DOMAIN_DOC} Needs \`tenant:write\`.`,
  auth: { permission: 'tenant:write' },
  errors: [409],
});
export const get = contractRoute(contract.getSecureTenantDomainsById, {
  description: `One custom domain of the caller's tenant (404 for other tenants' ids). Needs \`tenant:read\`.`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const patch = contractRoute(contract.patchSecureTenantDomainsById, {
  description: `${PATCH_DOC} Needs \`tenant:write\`.`,
  request: { params },
  auth: { permission: 'tenant:write' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureTenantDomainsById, {
  description: 'Removes the domain (it stops resolving the tenant at once). 204. Needs `tenant:write`.',
  request: { params },
  auth: { permission: 'tenant:write' },
});
export const instructions = contractRoute(contract.getSecureTenantDomainsByIdVerificationInstructions, {
  description: `${INSTRUCTIONS_DOC} Needs \`tenant:read\`.`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const verify = contractRoute(contract.postSecureTenantDomainsByIdVerify, {
  description: `${VERIFY_DOC} Needs \`tenant:write\`.`,
  request: { params },
  auth: { permission: 'tenant:write' },
});
