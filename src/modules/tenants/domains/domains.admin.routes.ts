// A named tenant's custom domains (/secure/tenants/{id}/domains): the same rules as
// /secure/tenant-domains. The caller's own tenant, or any tenant for a platform administrator;
// other tenants answer 404 like unknown ids.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';
import { DOMAIN_DOC, INSTRUCTIONS_DOC, PATCH_DOC, VERIFY_DOC } from './domains.routes';

const tenantParams = idParam('Tenant id');
const params = z.object({
  id: z.uuid().openapi({ description: 'Tenant id' }),
  domainId: z.uuid().openapi({ param: { name: 'domainId', in: 'path' }, description: 'Domain id' }),
});
const WHO = 'The tenant is the caller\'s own, or any tenant for a platform administrator (404 otherwise).';

export const list = contractRoute(contract.getSecureTenantsByIdDomains, {
  description: `Custom domains of the tenant, oldest first. ${WHO} ${DOMAIN_DOC} Needs \`tenant:read\`.`,
  request: { params: tenantParams },
  auth: { permission: 'tenant:read' },
});
export const create = contractRoute(contract.postSecureTenantsByIdDomains, {
  description: `Adds a custom domain to the tenant (status \`pending\`, a new \`verification_token\`, method default \`cname\`). ${WHO} ${DOMAIN_DOC} Needs \`tenant:write\`.`,
  request: { params: tenantParams },
  auth: { permission: 'tenant:write' },
  errors: [409],
});
export const get = contractRoute(contract.getSecureTenantsByIdDomainsByDomainId, {
  description: `One custom domain of the tenant. ${WHO} Needs \`tenant:read\`.`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const patch = contractRoute(contract.patchSecureTenantsByIdDomainsByDomainId, {
  description: `${PATCH_DOC} ${WHO} Needs \`tenant:write\`.`,
  request: { params },
  auth: { permission: 'tenant:write' },
  errors: [409],
});
export const remove = contractRoute(contract.deleteSecureTenantsByIdDomainsByDomainId, {
  description: `Removes the domain (it stops resolving the tenant at once). 204. ${WHO} Needs \`tenant:write\`.`,
  request: { params },
  auth: { permission: 'tenant:write' },
});
export const instructions = contractRoute(contract.getSecureTenantsByIdDomainsByDomainIdVerificationInstructions, {
  description: `${INSTRUCTIONS_DOC} ${WHO} Needs \`tenant:read\`.`,
  request: { params },
  auth: { permission: 'tenant:read' },
});
export const verify = contractRoute(contract.postSecureTenantsByIdDomainsByDomainIdVerify, {
  description: `${VERIFY_DOC} ${WHO} Needs \`tenant:write\`.`,
  request: { params },
  auth: { permission: 'tenant:write' },
});
