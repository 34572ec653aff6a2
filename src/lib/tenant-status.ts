// What a tenant's lifecycle status lets its callers do, checked on every authenticated request
// from the status the caller check already loads (middleware/auth.ts, middleware/api-key.ts: no
// extra query). active: everything. inactive (suspended) and pending (not yet activated): nothing.
// maintenance and retired (archived): read-only. A deleted tenant: nothing, for anyone.
import { ApiError } from './errors';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A person's own session stays usable in a read-only tenant: sign out, switch tenant, 2FA. */
const PERSONAL = '/api/v1/secure/auth/';

export interface StatusCheck {
  status: string;
  deleted: boolean;
  method: string;
  path: string;
  /** Platform administrators may still look into (and manage) suspended and pending tenants. */
  isSystemAdmin: boolean;
  /** API keys have no personal routes. */
  person: boolean;
}

export function tenantStatusRefusal(s: StatusCheck): ApiError | undefined {
  if (s.deleted) return new ApiError('FORBIDDEN', 'This tenant has been deleted', { reason: 'TENANT_DELETED' });
  if (s.status === 'active') return undefined;
  if (s.status === 'inactive' && !s.isSystemAdmin) return new ApiError('FORBIDDEN', 'This tenant is suspended', { reason: 'TENANT_SUSPENDED', status: s.status });
  if (s.status === 'pending' && !s.isSystemAdmin) return new ApiError('FORBIDDEN', 'This tenant is not activated yet', { reason: 'TENANT_PENDING', status: s.status });
  if ((s.status === 'retired' || s.status === 'maintenance') && !READS.has(s.method) && !(s.person && s.path.startsWith(PERSONAL))) {
    const retired = s.status === 'retired';
    return new ApiError('FORBIDDEN', retired ? 'This tenant is archived and read-only' : 'This tenant is in maintenance and read-only', {
      reason: retired ? 'TENANT_RETIRED' : 'TENANT_MAINTENANCE',
      status: s.status,
    });
  }
  return undefined;
}
