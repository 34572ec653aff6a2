// The OAuth redirect URIs a tenant's verified custom domains give it.
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';

export const get = contractRoute(contract.getSecureTenantsByIdOauthRedirectUris, {
  description:
    '`https://{domain}/auth/v1/callback` for each **verified** custom domain of the tenant, oldest domain first (pending, ' +
    'failed and expired domains give none; empty without verified domains). The tenant is the caller\'s own, or any tenant ' +
    'for a platform administrator (404 otherwise). Needs `tenant:read`.',
  request: { params: idParam('Tenant id') },
  auth: { permission: 'tenant:read' },
});
