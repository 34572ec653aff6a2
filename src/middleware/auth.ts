// Authentication and authorization for every secure route, for every kind of caller.
//
// `authenticate` (all of /api/v1/secure/*) recognises two credentials:
// - an access JWT (`Authorization: Bearer <jwt>`): signature and expiry only, no database. The first
//   time a route asks for `principal(c)`, one query (over HTTP, db/client.ts `httpDb`) loads the
//   session, user, membership, tenant and group permissions together; revocation, tenant switches, suspensions and 2FA state therefore
//   take effect on the very next request. Application accounts (users.kind = 'app_account') sign in
//   like people; their permissions come from their permission object, not from a role, and their
//   status/expiry is checked on every request.
// - an API key (`Authorization: Bearer pve_sk_...` or `X-API-Key: pve_sk_...`): verified by one
//   query (middleware/api-key.ts) and the principal is kind 'api_key'. A key this isolate has seen
//   before is verified lazily like a token, as its (known) tenant, in the batch of the route's first
//   read; an unknown key is verified at once on the platform path, which tells its tenant.
// `authorize` (declared per route by contractRoute's `auth` option) then checks 2FA state and the
// route's permission. API keys pass only routes that declare a permission they hold (see
// access-permissions.ts for how a key's permission object maps onto catalog codes) and never routes
// marked `usersOnly` or `systemAdmin`.
//
// Round trips: on a read route `authorize` starts the caller check and lets the handler run at
// once; a handler that starts its first read before awaiting the caller (`withCaller`) sends it in
// the same HTTP batch as the check, and its answer goes out only once the check has passed (the
// check's error wins over anything the handler answered). On a mutating route the check runs over
// HTTP while the WebSocket connection of the unit of work is being opened.
import { sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { authConfig } from '../config';
import type { AuthRequirement, GroupGrant, Principal, UserPrincipal } from '../context';
import type { Role, TenantAuthConfig } from '../db/schema/accounts';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';
import { propertyLimit, toPermissionCodes, type AccessPermissions } from '../lib/access-permissions';
import { featureEnabled, guardingFeature } from '../lib/features';
import { effectivePermissions } from '../lib/permissions';
import { clientIp } from '../lib/request';
import { recordSecurityEvent } from '../lib/security-events';
import { tenantStatusRefusal } from '../lib/tenant-status';
import { verifyAccessToken } from '../lib/tokens';
import { API_KEY_PREFIX, authenticateApiKey, knownKeyTenant, parseApiKey } from './api-key';
import { UUID } from '../lib/uuid';

export type { ApiKeyPrincipal, AuthRequirement, Credentials, GroupGrant, Principal, UserPrincipal } from '../context';

/** `Bearer <token>` and nothing else: anything after the token makes the header invalid (401). */
function bearer(c: Context): string | undefined {
  return /^bearer +(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

export const authenticate = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c);
    const headerKey = c.req.header('x-api-key')?.trim();
    if (headerKey || token?.startsWith(API_KEY_PREFIX)) {
      if (headerKey && token && token !== headerKey) throw new ApiError('UNAUTHORIZED', 'Send one credential: Authorization and X-API-Key differ');
      const parsed = parseApiKey(headerKey || token!);
      if (!parsed) throw new ApiError('UNAUTHORIZED', 'Invalid API key');
      PRESENTED_KEYS.set(c, parsed);
      // A key seen before in this isolate is checked with the route's first read (its tenant is
      // known); an unknown one at once, on the platform path, which tells its tenant.
      const tenantId = knownKeyTenant(parsed.keyUuid);
      c.set('credentials', { kind: 'api_key', keyUuid: parsed.keyUuid, tenantId });
      if (!tenantId) await principal(c);
      await next();
      return;
    }
    if (!token) throw new ApiError('UNAUTHORIZED', 'Authentication required: send Authorization: Bearer <access token or API key> or X-API-Key');
    const claims = await verifyAccessToken(authConfig(c.env).jwtSecret, token);
    c.set('credentials', { kind: 'user', userId: claims.sub, sessionId: claims.sid, tenantId: claims.tid });
    c.set('actorId', claims.sub);
    await next();
  });

interface PrincipalRow extends Record<string, unknown> {
  session_tenant_id: string;
  mfa_pending: boolean;
  flow_pending: boolean;
  session_ok: boolean;
  email: string;
  user_kind: 'user' | 'app_account';
  user_status: string;
  is_system_admin: boolean;
  user_deleted: boolean;
  role: Role | null;
  membership_status: string | null;
  tenant_name: string;
  tenant_slug: string;
  tenant_status: string;
  tenant_deleted: boolean;
  auth_config: TenantAuthConfig;
  groups: GroupGrant[];
  mfa_enrolled: boolean;
  app_account_id: string | null;
  app_permissions: AccessPermissions | null;
  app_status: string | null;
  app_expired: boolean | null;
  features: Record<string, boolean>;
}

const loading = new WeakMap<Context, Promise<Principal>>();
/** The API key a request presented, until it is verified (kept out of the context's variables). */
const PRESENTED_KEYS = new WeakMap<Context, { keyUuid: string; secret: string }>();

/** The signed-in caller, loaded once per request (one query; concurrent callers share it). */
export function principal(c: Context<AppEnv>): Promise<Principal> {
  const cached = c.get('principal');
  if (cached) return Promise.resolve(cached);
  let p = loading.get(c);
  if (!p) {
    p = c.get('credentials')?.kind === 'api_key' ? loadKeyPrincipal(c) : loadPrincipal(c);
    loading.set(c, p);
  }
  return p;
}

async function loadKeyPrincipal(c: Context<AppEnv>): Promise<Principal> {
  const creds = c.get('credentials');
  const presented = PRESENTED_KEYS.get(c);
  if (creds?.kind !== 'api_key' || !presented) throw new ApiError('UNAUTHORIZED', 'Authentication required');
  const p = await authenticateApiKey(c, presented, creds.tenantId);
  c.set('principal', p);
  c.set('tenantId', p.tenantId);
  c.set('actorId', `api_key:${p.keyId}`);
  return p;
}

async function loadPrincipal(c: Context<AppEnv>): Promise<Principal> {
  const creds = c.get('credentials');
  if (!creds || creds.kind !== 'user') throw new ApiError('UNAUTHORIZED', 'Authentication required');
  let row = await principalRow(c, creds);
  // Row-level security: the check ran as the tenant the token names; a session that has moved to
  // another tenant since (switch-tenant) is read again as that tenant (its groups, app account).
  if (row && row.session_tenant_id !== creds.tenantId) {
    c.set('tenantId', row.session_tenant_id);
    row = await principalRow(c, creds);
  }
  if (!row || !row.session_ok) throw new ApiError('UNAUTHORIZED', 'Session expired or revoked');
  if (row.user_deleted || row.user_status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
  const role: Role | null = row.is_system_admin && !row.role ? 'system_admin' : row.role;
  if (!role || (row.membership_status !== 'active' && !row.is_system_admin)) {
    throw new ApiError('FORBIDDEN', 'No active membership in this tenant');
  }
  const refused = tenantStatusRefusal({
    status: row.tenant_status,
    deleted: row.tenant_deleted,
    method: c.req.method,
    path: c.req.path,
    isSystemAdmin: row.is_system_admin,
    person: true,
  });
  if (refused) throw refused;
  const app = row.user_kind === 'app_account';
  if (app) {
    if (!row.app_account_id || row.app_status !== 'active') throw new ApiError('UNAUTHORIZED', `Application account is ${row.app_status ?? 'not active'}`);
    if (row.app_expired) throw new ApiError('UNAUTHORIZED', 'Application account has expired');
    const id = row.app_account_id;
    c.var.afterResponse((db) => db.execute(sql`update app_accounts set request_count = request_count + 1, last_used_at = now() where id = ${id}`));
  }
  const access = app ? (row.app_permissions ?? {}) : null;
  const p: UserPrincipal = {
    kind: 'user',
    actorType: row.user_kind,
    actorId: creds.userId,
    userId: creds.userId,
    email: row.email,
    sessionId: creds.sessionId,
    tenantId: row.session_tenant_id,
    tenantName: row.tenant_name,
    tenantSlug: row.tenant_slug,
    role,
    isSystemAdmin: row.is_system_admin,
    groups: app ? [] : row.groups,
    permissions: new Set(access ? toPermissionCodes(access) : effectivePermissions(role, row.is_system_admin, row.groups.map((g) => g.permissions))),
    mfaPending: row.mfa_pending,
    flowPending: row.flow_pending && row.user_kind === 'user',
    // Machine users cannot enrol a second factor: the tenant's 2FA requirement does not apply to them.
    mfaEnrollmentRequired: !app && !row.mfa_enrolled && row.auth_config.mfaRequired,
    authConfig: row.auth_config,
    appAccountId: app ? row.app_account_id : null,
    access,
    properties: access ? propertyLimit({ access }) : null,
    mcpWrite: !app,
    features: row.features,
  };
  c.set('principal', p);
  c.set('tenantId', p.tenantId);
  return p;
}

/** Session, user, membership, tenant, groups and app account of the caller: one statement. */
async function principalRow(c: Context<AppEnv>, creds: { userId: string; sessionId: string }): Promise<PrincipalRow | undefined> {
  const result = await c.var.readDb().execute<PrincipalRow>(sql`
    select s.tenant_id as session_tenant_id, s.mfa_pending, s.flow_pending,
           (s.revoked_at is null and s.expires_at > now()) as session_ok,
           u.email, u.status as user_status, u.is_system_admin, (u.deleted_at is not null) as user_deleted,
           m.role, m.status as membership_status,
           t.name as tenant_name, t.slug as tenant_slug, t.status as tenant_status, (t.deleted_at is not null) as tenant_deleted, t.auth_config,
           coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name, 'permissions', g.permissions) order by g.name)
                     from group_members gm join groups g on g.id = gm.group_id
                     where gm.user_id = u.id and gm.tenant_id = s.tenant_id), '[]'::json) as groups,
           exists(select 1 from mfa_methods mm where mm.user_id = u.id and mm.enabled_at is not null) as mfa_enrolled,
           u.kind as user_kind, aa.id as app_account_id, aa.permissions as app_permissions, aa.status as app_status,
           (aa.expires_at is not null and aa.expires_at <= now()) as app_expired,
           coalesce((select json_object_agg(tf.feature_key, tf.enabled) from tenant_features tf where tf.tenant_id = s.tenant_id), '{}'::json) as features
    from sessions s
    join users u on u.id = s.user_id
    join tenants t on t.id = s.tenant_id
    left join memberships m on m.user_id = s.user_id and m.tenant_id = s.tenant_id
    left join app_accounts aa on aa.auth_user_id = u.id and aa.tenant_id = s.tenant_id
    where s.id = ${creds.sessionId} and s.user_id = ${creds.userId}`);
  return result.rows[0];
}

/** Who the request reads as, before the caller is loaded: the token's user and tenant (`tid`). */
export interface ReadAs {
  tenantId: string;
  /** Undefined for API keys. */
  userId: string | undefined;
}

/**
 * Starts `read` as the caller the credentials name (for reads that need the user's id before the
 * caller is loaded, such as the profile), so it goes to the database with the caller check; returns
 * the loaded caller and the read. A session in another tenant than the token's makes the whole
 * handler run again (readAsCaller).
 */
export async function withCaller<T>(c: Context<AppEnv>, read: (as: ReadAs) => Promise<T>): Promise<{ p: Principal; value: T }> {
  const creds = c.get('credentials');
  if (!isEarlyRead(c) || !creds?.tenantId) {
    const p = await principal(c);
    return { p, value: await read({ tenantId: p.tenantId, userId: p.kind === 'user' ? p.userId : undefined }) };
  }
  // A real promise: a drizzle query re-runs each time it is awaited.
  const early = (async () => read({ tenantId: creds.tenantId!, userId: creds.kind === 'user' ? creds.userId : undefined }))();
  early.catch(() => {}); // the caller check's failure wins; this one is then never awaited
  const p = await principal(c);
  return { p, value: await early };
}

/**
 * `read` of the signed-in user the credentials name, sent with the caller check (one round trip,
 * withCaller); the caller must be a person or app account (API keys: 403, nothing is read for one).
 */
export async function readAsUser<T>(c: Context<AppEnv>, read: (userId: string) => Promise<T>): Promise<{ p: UserPrincipal; value: T }> {
  const { value } = await withCaller(c, async (as) => (as.userId ? read(as.userId) : undefined));
  const p = await userPrincipal(c);
  return { p, value: value as T };
}

/** The caller when it must be a signed-in person or app account (API keys: 403). */
export async function userPrincipal(c: Context<AppEnv>): Promise<UserPrincipal> {
  const p = await principal(c);
  if (p.kind !== 'user') throw new ApiError('FORBIDDEN', 'API keys cannot call this route', { reason: 'API_KEY_NOT_ALLOWED' });
  return p;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A route that only reads (GET, not declaring `writes`): its handler reads on the read-only HTTP handle. */
function isReadRoute(c: Context<AppEnv>): boolean {
  return !MUTATING.has(c.req.method) && c.get('dbRoute') !== 'writes';
}

/**
 * Whether the request's reads may start before the caller is loaded: a read route whose
 * credentials name their tenant (a token's `tid`, a known API key's tenant). Its answer waits
 * for the check (authorize) and is recomputed when the caller's tenant differs (`readAsCaller`).
 */
export function isEarlyRead(c: Context<AppEnv>): boolean {
  return !c.get('principal') && Boolean(c.get('credentials')?.tenantId) && isReadRoute(c);
}

/**
 * Wraps a read route's handler (http/router.ts does it for every route): when its reads started
 * as the tenant the token names and the session turned out to be in another one (switch-tenant
 * since the token was issued), the handler runs again, now as the caller's tenant.
 */
export function readAsCaller<H extends (c: Context<AppEnv>) => unknown>(handler: H): H {
  return (async (c: Context<AppEnv>) => {
    if (!isEarlyRead(c)) return handler(c);
    const tokenTenant = c.get('credentials')!.tenantId;
    let first: { ok: true; value: unknown } | { ok: false; err: unknown };
    try {
      first = { ok: true, value: await handler(c) };
    } catch (err) {
      first = { ok: false, err };
    }
    const p = await principal(c); // the check's failure wins over whatever the handler answered
    if (p.tenantId !== tokenTenant) {
      c.set('serviceContext', undefined);
      return handler(c);
    }
    if (!first.ok) throw first.err;
    return first.value;
  }) as H;
}

/** Per-route check: caller kind, 2FA state, then the route's permission (see the head of this file for its timing). */
export function authorize(req: AuthRequirement): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (req.tenantParam) {
      // Before any handle opens: the route's reads and transaction run as the tenant it is about.
      const target = c.req.param(req.tenantParam);
      if (target && UUID.test(target)) c.set('targetTenantId', target.toLowerCase());
    }
    if (isReadRoute(c)) {
      // A read: the handler's reads (read-only) go with the check; its answer waits for the check.
      const checked = check(c, req);
      checked.catch(() => {});
      await next();
      await checked;
      return;
    }
    // A write: open the connection while the caller is checked over HTTP (a refused caller just closes it).
    c.var.db().catch(() => {});
    await check(c, req);
    await next();
  };
}

async function check(c: Context<AppEnv>, req: AuthRequirement): Promise<void> {
  const p = await principal(c);
  const target = c.get('targetTenantId');
  // Another tenant's id is "not found" to its non-administrators, as every other tenant-owned row is.
  if (target && target !== p.tenantId && !p.isSystemAdmin) throw new ApiError('NOT_FOUND', 'Tenant not found');
  assertFeatureOn(c, p);
  if (p.kind === 'api_key') {
    if (req.apiKeySelf && c.req.param(req.apiKeySelf) === p.keyId) return;
    if (req.usersOnly || req.systemAdmin || req.roles || !req.permission) {
      throw new ApiError('FORBIDDEN', 'API keys cannot call this route: it is for signed-in users', { reason: 'API_KEY_NOT_ALLOWED' });
    }
    if (!p.permissions.has(req.permission)) throw new ApiError('FORBIDDEN', `Missing permission ${req.permission}`, { permission: req.permission });
    return;
  }
  if (p.mfaPending && !req.allowMfaPending) {
    throw new ApiError('FORBIDDEN', 'Two-factor authentication required: verify a code at /api/v1/secure/auth/2fa/verify', { reason: 'MFA_REQUIRED' });
  }
  if (p.mfaEnrollmentRequired && !req.allowMfaEnrollment && !req.allowMfaPending) {
    throw new ApiError('FORBIDDEN', 'This tenant requires two-factor authentication: enable a method at /api/v1/secure/auth/2fa/enable/{method}', {
      reason: 'MFA_ENROLLMENT_REQUIRED',
    });
  }
  if (p.flowPending && !req.allowDuringFlow) {
    throw new ApiError('FORBIDDEN', 'Complete the required post-sign-in tasks first: see POST /api/v1/secure/auth/resolve-flow', {
      reason: 'POST_AUTH_FLOW_REQUIRED',
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
  if (req.roles && !p.isSystemAdmin && !req.roles.includes(p.role)) {
    await deniedEvent(c, p, `role:${req.roles.join('|')}`);
    throw new ApiError('FORBIDDEN', `Only ${req.roles.join(', ')} may call this route`, { roles: [...req.roles] });
  }
}

/** A route guarded by a feature (lib/features.ts) the caller's tenant has switched off answers 403. */
function assertFeatureOn(c: Context<AppEnv>, p: Principal): void {
  const feature = guardingFeature(c.req.path);
  if (feature && !featureEnabled(feature, p.features)) {
    throw new ApiError('FORBIDDEN', `The feature ${feature} is disabled for this tenant`, { reason: 'FEATURE_DISABLED', feature });
  }
}

/** Records a `permission_denied` security event (security audit log); never masks the 403 itself. */
async function deniedEvent(c: Context<AppEnv>, p: Principal, required: string): Promise<void> {
  // After the response: a refused mutating request rolls its transaction back, the record must stay.
  const ip = clientIp(c);
  c.var.afterResponse((db) =>
    recordSecurityEvent(db, {
      eventType: 'permission_denied',
      severity: required === 'system_admin' ? 'medium' : 'low',
      ipAddress: ip,
      userId: p.kind === 'user' ? p.userId : null,
      tenantId: p.tenantId,
      details: { required, method: c.req.method, path: c.req.path, ...(p.kind === 'api_key' && { apiKeyId: p.keyId }) },
    }),
  );
}
