// Tenant lifecycle: activate, suspend, reactivate, archive, upgrade, and the history.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';

const params = idParam('Tenant id');
const RULES =
  'Platform administrators only (a tenant admin gets 403 for their own tenant; any other tenant is 404). Transitions: activate pending → active ' +
  '(type becomes trial unless already paid/enterprise) or inactive → active; suspend active → inactive; reactivate inactive → active; archive ' +
  'inactive → retired. Any other starting status is 409 with `details.reason` `INVALID_TRANSITION` and `details.allowedFrom`; the system tenant ' +
  'is 409 `SYSTEM_TENANT`. Each change is recorded in the lifecycle history (actor, `reason` ≤ 500) and the audit log, and applies on the ' +
  "tenant's next request: a suspended (inactive) or pending tenant's users, app accounts and API keys are refused (403 `TENANT_SUSPENDED` / " +
  '`TENANT_PENDING`); a retired or maintenance tenant is read-only (403 `TENANT_RETIRED` / `TENANT_MAINTENANCE` for mutations).';
const auth = { permission: 'tenant:write', usersOnly: true } as const;

const extra = (what: string) => ({ description: `${what}. ${RULES}`, request: { params }, bodyOptional: true, auth, errors: [409] });

export const activate = contractRoute(contract.postSecureTenantsByIdLifecycleActivate, extra('Activates a pending or suspended tenant'));
export const suspend = contractRoute(contract.postSecureTenantsByIdLifecycleSuspend, extra('Suspends an active tenant (status inactive)'));
export const reactivate = contractRoute(contract.postSecureTenantsByIdLifecycleReactivate, extra('Reactivates a suspended tenant'));
export const archive = contractRoute(contract.postSecureTenantsByIdLifecycleArchive, extra('Archives a suspended tenant (status retired, read-only)'));
export const upgrade = contractRoute(contract.postSecureTenantsByIdLifecycleUpgrade, {
  description:
    'Moves the tenant up the type axis: trial → paid → enterprise (also trial → enterprise). Same or lower `target_type` is 422 `INVALID_UPGRADE`; ' +
    'a retired tenant 409 `TENANT_RETIRED`; the system tenant 409 `SYSTEM_TENANT`. Platform administrators only; recorded in the history.',
  request: { params },
  auth,
  errors: [409],
});
export const history = contractRoute(contract.getSecureTenantsByIdLifecycleHistory, {
  description:
    'Every status and type change of the tenant, newest first: lifecycle actions, maintenance start/end (PATCH), deletion. `limit` 1..200 ' +
    '(default 50), `offset`. A tenant admin reads their own tenant; platform administrators any.',
  request: { params, query: z.object(limitOffsetQuery(50, 200)) },
  auth: { permission: 'tenant:read', usersOnly: true },
});
