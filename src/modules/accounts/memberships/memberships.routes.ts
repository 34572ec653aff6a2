// A user's tenants: the contract routes (list, switch, default, leave, role) and what they do.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

export const list = contractRoute(contract.getSecureAuthTenants, {
  description: 'Every tenant the user belongs to (any membership status), oldest first; `activeTenantId` is the session’s tenant, `defaultTenantId` the one sign-in picks.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
export const switchTenant = contractRoute(contract.postSecureAuthSwitchTenant, {
  description: 'Moves the current session to another tenant where the user has an active membership (and the tenant is active). Takes effect on the session’s next request with the same tokens. Unknown tenant or no membership: 404.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
export const setDefault = contractRoute(contract.patchSecureAuthDefaultTenant, {
  description: 'Sets the tenant that sign-in uses when no `tenantId` is given. Requires an active membership there (else 404).',
  auth: { allowDuringFlow: true, usersOnly: true },
});
export const leave = contractRoute(contract.postSecureAuthLeaveTenantByTenantId, {
  description: 'Removes the caller’s membership (and group memberships) in a tenant. Refused with 409 when the caller is its last active owner, or when it is their only tenant (delete the account instead). Leaving the session’s tenant moves the session to the default (else the oldest) remaining tenant.',
  request: { params: z.object({ tenantId: z.uuid() }) },
  auth: { allowDuringFlow: true, usersOnly: true },
  errors: [409],
});
export const role = contractRoute(contract.getSecureAuthTenantRole, {
  description: 'The caller’s role in the session’s active tenant (`system_admin` for platform administrators without a membership).',
  auth: { allowDuringFlow: true, usersOnly: true },
});
