// Who is calling: the caller as the auth middleware loaded it, and what a route requires of it.
// Types only (src/context/ is the leaf every layer may import).
import type { Role, TenantAuthConfig } from '../db/schema/accounts';
import type { AccessPermissions } from '../lib/access-permissions';
import type { Permission } from '../lib/permissions';

export interface GroupGrant {
  id: string;
  name: string;
  permissions: string[];
}

/** A person or an application account signed in with a session. */
export interface UserPrincipal {
  kind: 'user';
  /** Who the audit log names: a person, or a machine user (app account). */
  actorType: 'user' | 'app_account';
  actorId: string;
  userId: string;
  email: string;
  sessionId: string;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: Role;
  isSystemAdmin: boolean;
  groups: GroupGrant[];
  permissions: Set<Permission>;
  /** Signed in with a password, second factor not yet given. */
  mfaPending: boolean;
  /** Mandatory post-sign-in tasks are pending (modules/accounts/flow/flow.service.ts). */
  flowPending: boolean;
  /** The tenant requires 2FA and the user has no enabled method yet. */
  mfaEnrollmentRequired: boolean;
  authConfig: TenantAuthConfig;
  /** Set when the user is an application account (machine user). */
  appAccountId: string | null;
  /** The app account's permission object (null for people: their role and groups apply). */
  access: AccessPermissions | null;
  /** `resources.properties` limit: null = every property. */
  properties: string[] | null;
  /** May use mutating MCP tools (people: always; app accounts: no). */
  mcpWrite: boolean;
  /** The tenant's feature switches it changed (lib/features.ts gives the defaults of the rest). */
  features: Record<string, boolean>;
}

/** A request authenticated with an API key. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  /** Who the audit log names. */
  actorType: 'api_key';
  actorId: string;
  keyId: string;
  keyUuid: string;
  /** The user who created the key (for attribution; the key does not act as that user). */
  createdBy: string | null;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  isSystemAdmin: false;
  permissions: Set<Permission>;
  access: AccessPermissions;
  /** `resources.properties` limit: null = every property. */
  properties: string[] | null;
  /** `mcp_write_enabled`: may run mutating MCP tools. */
  mcpWrite: boolean;
  /** The tenant's feature switches it changed (lib/features.ts gives the defaults of the rest). */
  features: Record<string, boolean>;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

export type Credentials =
  /** `tenantId`: the token's `tid` claim, the session's tenant when the token was issued (reads may start with it before the session is loaded). */
  | { kind: 'user'; userId: string; sessionId: string; tenantId: string }
  /**
   * `tenantId`: the key's tenant when this isolate has seen the key before (a key never changes
   * tenant): the key is then checked in the same round trip as the route's first read.
   */
  | { kind: 'api_key'; keyUuid: string; tenantId?: string };

export interface AuthRequirement {
  /** Permission code the caller needs (from the catalog); omit for "any signed-in caller". */
  permission?: Permission;
  /** The route serves a session that still owes its second factor (the 2FA challenge routes). */
  allowMfaPending?: boolean;
  /** The route serves a user who must first enrol a second factor (2FA setup routes). */
  allowMfaEnrollment?: boolean;
  /** Platform administrators only. */
  systemAdmin?: boolean;
  /**
   * The path parameter naming the tenant the route works on (`/tenants/{id}/...`): callers of
   * another tenant get 404 unless they are platform administrators, and the route's database work
   * runs under row-level security as that tenant (db/rls.ts), not as the caller's.
   */
  tenantParam?: string;
  /** Only for signed-in people and app accounts: API keys are refused (403) even with the permission. */
  usersOnly?: boolean;
  /** Path parameter naming an API key: the key itself may call the route without `permission`. */
  apiKeySelf?: string;
  /**
   * The route serves a session whose user still owes mandatory post-sign-in tasks (the sign-in flow
   * and profile routes); every other route answers 403 POST_AUTH_FLOW_REQUIRED to such a session.
   */
  allowDuringFlow?: boolean;
  /**
   * Tenant roles allowed beyond the permission check (system administrators always pass). For
   * rules the permission catalog cannot say, e.g. "owners and admins only" on a `*:write` route.
   */
  roles?: readonly Role[];
}

