// Rate-limit configurations of a tenant (list, create, read, update, delete).
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { tenantParam } from '../settings/settings.routes';

const limitParams = tenantParam.extend({ limitId: z.uuid().openapi({ param: { name: 'limitId', in: 'path' }, description: 'Rate limit configuration id' }) });
const ENFORCED =
  'Enforced on every authenticated request of the tenant, and on public requests naming it (`X-Tenant-ID` or a `tenantId` query ' +
  'parameter; `per_user` and `per_app_account` limits do not apply to them), whose path matches `endpoint_pattern` (`/api/v1/secure/users*` or `/secure/users*`; ' +
  '`*` matches any characters; `*` alone every route), counted per `scope_type`: `per_ip`, `per_user` (API keys count as their own user), ' +
  '`per_device` (`X-Device-Fingerprint`, else the IP), `per_app_account` (application accounts only) or `per_tenant`, in fixed windows of ' +
  '`window_seconds` (1..2678400). Over `max_requests` (1..10^9): 429 `RATE_LIMITED` with `Retry-After`; limited answers carry ' +
  '`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy`. Changes apply to the next request (other isolates ' +
  'within SECURITY_CACHE_SECONDS).';
const TARGET_DOC = 'The tenant must be the caller\'s own (platform administrators: any tenant); another tenant\'s id answers 404.';
const WRITE_AUTH = { permission: 'tenant:write', usersOnly: true, roles: ['owner', 'admin'] } as const;

export const list = contractRoute(contract.getSecureTenantsByIdRateLimits, {
  description: `The tenant's rate-limit configurations, oldest first. ${ENFORCED} ${TARGET_DOC}`,
  request: { params: tenantParam },
  auth: { permission: 'tenant:read' },
});
export const create = contractRoute(contract.postSecureTenantsByIdRateLimits, {
  description: `Adds a rate-limit configuration (owners and admins). ${ENFORCED} ${TARGET_DOC}`,
  request: { params: tenantParam },
  auth: WRITE_AUTH,
});
export const get = contractRoute(contract.getSecureTenantsByIdRateLimitsByLimitId, {
  description: `One rate-limit configuration. ${TARGET_DOC}`,
  request: { params: limitParams },
  auth: { permission: 'tenant:read' },
});
const patchContract = contract.patchSecureTenantsByIdRateLimitsByLimitId;
export const patch = contractRoute({ ...patchContract, body: patchContract.body.openapi({ minProperties: 1 }) }, {
  description: `Changes a configuration (at least one property; owners and admins). ${ENFORCED} ${TARGET_DOC}`,
  request: { params: limitParams },
  auth: WRITE_AUTH,
});
export const remove = contractRoute(contract.deleteSecureTenantsByIdRateLimitsByLimitId, {
  description: `Deletes a configuration; its counting stops at the next request. 204. ${TARGET_DOC}`,
  request: { params: limitParams },
  auth: WRITE_AUTH,
});
