// Authentication and authorization for every secure route.
//
// `authenticate` (all of /api/v1/secure/*) checks the bearer token's signature and expiry only:
// no database. The first time a route asks for `principal(c)`, one query loads the session, user,
// membership, tenant and group permissions together; revocation, tenant switches, suspensions and
// 2FA state therefore take effect on the very next request. `authorize` (declared per route by
// contractRoute's `auth` option) then checks 2FA state and the route's permission.
import { sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { authConfig } from '../config';
import type { Role, TenantAuthConfig } from '../db/schema/identity';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';
import { effectivePermissions, type Permission } from '../lib/permissions';
import { clientIp } from '../lib/request';
import { recordSecurityEvent } from '../lib/security-events';
import { verifyAccessToken } from '../lib/tokens';

export interface GroupGrant {
  id: string;
  name: string;
  permissions: string[];
}

export interface Principal {
  kind: 'user';
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
  /** The tenant requires 2FA and the user has no enabled method yet. */
  mfaEnrollmentRequired: boolean;
  authConfig: TenantAuthConfig;
}

export interface Credentials {
  kind: 'user';
  userId: string;
  sessionId: string;
}

export interface AuthRequirement {
  /** Permission code the caller needs (from the catalog); omit for "any signed-in caller". */
  permission?: Permission;
  /** The route serves a session that still owes its second factor (the 2FA challenge routes). */
  allowMfaPending?: boolean;
  /** The route serves a user who must first enrol a second factor (2FA setup routes). */
  allowMfaEnrollment?: boolean;
  /** Platform administrators only. */
  systemAdmin?: boolean;
}

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined;
}

export const authenticate = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c);
    if (!token) throw new ApiError('UNAUTHORIZED', 'Authentication required: send Authorization: Bearer <access token>');
    const claims = await verifyAccessToken(authConfig(c.env).jwtSecret, token);
    c.set('credentials', { kind: 'user', userId: claims.sub, sessionId: claims.sid });
    c.set('actorId', claims.sub);
    await next();
  });

interface PrincipalRow extends Record<string, unknown> {
  session_tenant_id: string;
  mfa_pending: boolean;
  session_ok: boolean;
  email: string;
  user_status: string;
  is_system_admin: boolean;
  user_deleted: boolean;
  role: Role | null;
  membership_status: string | null;
  tenant_name: string;
  tenant_slug: string;
  tenant_status: string;
  auth_config: TenantAuthConfig;
  groups: GroupGrant[];
  mfa_enrolled: boolean;
}

/** The signed-in caller, loaded once per request (one query). */
export async function principal(c: Context<AppEnv>): Promise<Principal> {
  const cached = c.get('principal');
  if (cached) return cached;
  const creds = c.get('credentials');
  if (!creds) throw new ApiError('UNAUTHORIZED', 'Authentication required');
  const db = await c.var.db();
  const result = await db.execute<PrincipalRow>(sql`
    select s.tenant_id as session_tenant_id, s.mfa_pending,
           (s.revoked_at is null and s.expires_at > now()) as session_ok,
           u.email, u.status as user_status, u.is_system_admin, (u.deleted_at is not null) as user_deleted,
           m.role, m.status as membership_status,
           t.name as tenant_name, t.slug as tenant_slug, t.status as tenant_status, t.auth_config,
           coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name, 'permissions', g.permissions) order by g.name)
                     from group_members gm join groups g on g.id = gm.group_id
                     where gm.user_id = u.id and gm.tenant_id = s.tenant_id), '[]'::json) as groups,
           exists(select 1 from mfa_methods mm where mm.user_id = u.id and mm.enabled_at is not null) as mfa_enrolled
    from sessions s
    join users u on u.id = s.user_id
    join tenants t on t.id = s.tenant_id
    left join memberships m on m.user_id = s.user_id and m.tenant_id = s.tenant_id
    where s.id = ${creds.sessionId} and s.user_id = ${creds.userId}`);
  const row = result.rows[0];
  if (!row || !row.session_ok) throw new ApiError('UNAUTHORIZED', 'Session expired or revoked');
  if (row.user_deleted || row.user_status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
  const role: Role | null = row.is_system_admin && !row.role ? 'system_admin' : row.role;
  if (!role || (row.membership_status !== 'active' && !row.is_system_admin)) {
    throw new ApiError('FORBIDDEN', 'No active membership in this tenant');
  }
  if (row.tenant_status !== 'active' && !row.is_system_admin) throw new ApiError('FORBIDDEN', `Tenant is ${row.tenant_status}`);
  const p: Principal = {
    kind: 'user',
    userId: creds.userId,
    email: row.email,
    sessionId: creds.sessionId,
    tenantId: row.session_tenant_id,
    tenantName: row.tenant_name,
    tenantSlug: row.tenant_slug,
    role,
    isSystemAdmin: row.is_system_admin,
    groups: row.groups,
    permissions: new Set(effectivePermissions(role, row.is_system_admin, row.groups.map((g) => g.permissions))),
    mfaPending: row.mfa_pending,
    mfaEnrollmentRequired: !row.mfa_enrolled && row.auth_config.mfaRequired,
    authConfig: row.auth_config,
  };
  c.set('principal', p);
  c.set('tenantId', p.tenantId);
  return p;
}

/** Per-route check: 2FA state, then the route's permission. */
export function authorize(req: AuthRequirement): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = await principal(c);
    if (p.mfaPending && !req.allowMfaPending) {
      throw new ApiError('FORBIDDEN', 'Two-factor authentication required: verify a code at /api/v1/secure/auth/2fa/verify', { reason: 'MFA_REQUIRED' });
    }
    if (p.mfaEnrollmentRequired && !req.allowMfaEnrollment && !req.allowMfaPending) {
      throw new ApiError('FORBIDDEN', 'This tenant requires two-factor authentication: enable a method at /api/v1/secure/auth/2fa/enable/{method}', {
        reason: 'MFA_ENROLLMENT_REQUIRED',
      });
    }
    if (req.systemAdmin && !p.isSystemAdmin) {
      await deniedEvent(c, p, 'system_admin');
      throw new ApiError('FORBIDDEN', 'System administrators only');
    }
    if (req.permission && !p.permissions.has(req.permission)) {
      await deniedEvent(c, p, req.permission);
      throw new ApiError('FORBIDDEN', `Missing permission ${req.permission}`, { permission: req.permission });
    }
    await next();
  };
}

/** Records a `permission_denied` security event (security audit log); never masks the 403 itself. */
async function deniedEvent(c: Context<AppEnv>, p: Principal, required: string): Promise<void> {
  try {
    await recordSecurityEvent(await c.var.db(), {
      eventType: 'permission_denied',
      severity: required === 'system_admin' ? 'medium' : 'low',
      ipAddress: clientIp(c),
      userId: p.userId,
      tenantId: p.tenantId,
      details: { required, method: c.req.method, path: c.req.path },
    });
  } catch {
    /* the refusal matters more than its record */
  }
}
