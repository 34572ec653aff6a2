// The sign-in vocabulary shared by the service, the views and other sign-in paths (OAuth).
import type { Role } from '../../../db/schema/accounts';

/** What a user may do in a tenant: role, groups and effective permissions. */
export interface UserContext {
  role: Role;
  groups: { id: string; name: string; permissions: string[] }[];
  permissions: string[];
  isTenantAdmin: boolean;
}
