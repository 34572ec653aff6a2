// Users of the caller's tenant: list, admin creation, details, update, context, password reset.
import { z } from '@hono/zod-openapi';
import { and, asc, count, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { memberships, oneTimeTokens, users } from '../../db/schema/identity';
import { base64url, hashPassword, randomBytes } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';
import { limitOffsetQuery, idParam } from '../../lib/pagination';
import { ROLE_RANK, splitPermission } from '../../lib/permissions';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { clientIp } from '../../lib/request';
import { recordSecurityEvent } from '../../lib/security-events';
import { principal, userPrincipal, withCaller, type UserPrincipal } from '../../middleware/auth';
import { revokeUserSessions } from '../accounts/sessions';
import { userContext } from '../accounts/user-context';
import { inTenant, likePattern, memberColumns, requireMember, toUser } from './members';
import { profileChanges } from '../accounts/profile-fields';

const idParamSchema = idParam('User id');
const USER_STATUSES = ['active', 'inactive', 'maintenance', 'retired', 'pending'] as const;

const list = contractRoute(contract.getSecureUsers, {
  description:
    'Members of the caller’s tenant (any membership status), ordered by email then id. `search` matches email, first, ' +
    'middle, last and display name (case-insensitive substring); `status` filters by account status. `limit` 1..200 ' +
    '(default 50), `offset`; `pagination.total` counts every match. `tenantId` in each item is the caller’s tenant. ' +
    'Tenant-scoped for everyone, system administrators included (they list another tenant by switching to it). Needs `users:read`.',
  request: {
    query: z.object({
      ...limitOffsetQuery(50, 200),
      search: z.string().trim().max(200).optional().openapi({ description: 'Substring of email or names' }),
      status: z.enum(USER_STATUSES).optional(),
    }),
  },
  auth: { permission: 'users:read' },
});

const create = contractRoute(contract.postSecureUsers, {
  description:
    'Creates an account with a password and makes it a `member` of the caller’s tenant (status active; the email is ' +
    'not yet confirmed, `emailVerificationStatus` is `pending`). Emails are unique across the platform: 409 ' +
    '`CONFLICT` when the email is already a member here, and also when it belongs to an account of another tenant — ' +
    'an existing account joins this tenant through an invitation (`POST /api/v1/secure/invitations/`), never by ' +
    'being re-created (`details.reason` is `ALREADY_MEMBER` or `ACCOUNT_EXISTS`). `typeDefinitionId` is stored as ' +
    'given (settings are validated against type definitions once that area exists). Needs `users:write`.',
  request: {},
  auth: { permission: 'users:write' },
  errors: [409],
});

const get = contractRoute(contract.getSecureUsersById, {
  description: 'A member of the caller’s tenant. 404 for an unknown id or a user who is not a member of this tenant. Needs `users:read`.',
  request: { params: idParamSchema },
  auth: { permission: 'users:read' },
});

const patch = contractRoute(contract.patchSecureUsersById, {
  description:
    'Updates names, locale, settings (replaced as a whole) and settings type of a member of the caller’s tenant; `null` ' +
    'clears a name. Email, status and role are not changed here. 403 when the user’s role in this tenant ranks above ' +
    'the caller’s (an admin cannot edit the owner), 404 for users outside the tenant. Needs `users:write`.',
  request: { params: idParamSchema },
  auth: { permission: 'users:write' },
});

const context = contractRoute(contract.getSecureUsersByIdContext, {
  description:
    'A member with the groups they belong to in this tenant (no per-group role exists: `role` is omitted), their ' +
    'effective permissions in this tenant (role ∪ groups, from the catalog served by `GET /api/v1/secure/iam/`) as ' +
    '`{resource, action}` pairs, and their last 5 activities, newest first. Activity comes from what the platform ' +
    'records today: sign-ins (`type` `sign_in`, `entity_type` `session`, `entity_id` the session) and security events ' +
    'in this tenant other than successful sign-ins (`type` the event type, e.g. `login_failed`, `admin_password_reset`; ' +
    '`entity_type` `security_event`). The audit log joins this list when it exists. Needs `users:read`.',
  request: { params: idParamSchema },
  auth: { permission: 'users:read' },
});

const resetPassword = contractRoute(contract.postSecureUsersByIdResetPassword, {
  description:
    'Sets a random temporary password (20 characters, 120 bits) and returns it once (`Cache-Control: no-store`; it is ' +
    'stored only as a hash). In the same transaction the old password stops working, every session of the user (in ' +
    'every tenant) is revoked, so their access tokens fail on the next request, and pending password-reset links are ' +
    'spent; a security event `admin_password_reset` is recorded. Hand the password over out of band and have the ' +
    'user change it. 403 when the user’s role ranks above the caller’s or the user is a platform administrator and ' +
    'the caller is not; 404 outside the tenant. Needs `users:write`.',
  request: { params: idParamSchema },
  auth: { permission: 'users:write' },
});

/** A caller may not manage someone who outranks them in this tenant (nor a platform admin, unless one). */
function assertMayManage(p: UserPrincipal, target: { role: keyof typeof ROLE_RANK; isSystemAdmin: boolean; userId: string }) {
  if (target.userId === p.userId) return;
  if ((target.isSystemAdmin && !p.isSystemAdmin) || ROLE_RANK[target.role] > ROLE_RANK[p.role]) {
    throw new ApiError('FORBIDDEN', 'This user’s role ranks above yours');
  }
}

/** 20 characters from a 64-symbol alphabet: 120 bits. */
export const temporaryPassword = () => base64url(randomBytes(15));

interface ActivityRow extends Record<string, unknown> {
  type: string;
  entity_id: string;
  entity_type: string;
  at: string | Date;
}

/** The members a list shows: of the tenant, not deleted, by status and search pattern. */
const membersWhere = (tenantId: string, status: (typeof USER_STATUSES)[number] | undefined, pattern: string | undefined) =>
  inTenant(
    tenantId,
    isNull(users.deletedAt),
    status ? eq(users.status, status) : undefined,
    pattern
      ? or(ilike(users.email, pattern), ilike(users.firstName, pattern), ilike(users.middleName, pattern), ilike(users.lastName, pattern), ilike(users.displayName, pattern))
      : undefined,
  );

export const usersRoutes = newRouter()
  .openapi(list, async (c) => {
    const { limit, offset, search, status } = c.req.valid('query');
    const db = await c.var.db();
    const pattern = search ? likePattern(search) : undefined;
    // One statement (the page and the total, `count(*) over ()`), sent with the caller check.
    const { p, value: rows } = await withCaller(c, (as) =>
      db
        .select({ ...memberColumns, total: sql<number>`(count(*) over ())::int` })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(membersWhere(as.tenantId, status, pattern))
        .orderBy(asc(users.email), asc(users.id))
        .limit(limit)
        .offset(offset),
    );
    // A page past the end has no row to carry the total: count separately then (rare).
    const n =
      rows[0]?.total ??
      (offset > 0
        ? ((await db.select({ n: count() }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(membersWhere(p.tenantId, status, pattern)))[0]?.n ?? 0)
        : 0);
    return c.json({ data: rows.map((r) => toUser(r.user, p.tenantId)), pagination: { total: n, limit, offset, hasMore: offset + rows.length < n } }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const p = await principal(c);
    const email = body.email.toLowerCase();
    const passwordHash = await hashPassword(body.password);
    const db = await c.var.db();
    const created = await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: users.id, member: sql<boolean>`exists(select 1 from memberships m where m.user_id = ${users.id} and m.tenant_id = ${p.tenantId})` })
        .from(users)
        .where(eq(users.email, email));
      if (existing?.member) throw new ApiError('CONFLICT', 'This email is already a member of this tenant', { reason: 'ALREADY_MEMBER' });
      if (existing) {
        throw new ApiError('CONFLICT', 'An account with this email already exists: invite it with POST /api/v1/secure/invitations/', { reason: 'ACCOUNT_EXISTS' });
      }
      const [user] = await tx
        .insert(users)
        .values({
          tenantId: p.tenantId,
          email,
          passwordHash,
          passwordChangedAt: new Date(),
          displayName: body.displayName ?? null,
          locale: body.locale ?? 'en',
          settings: body.settings ?? {},
          typeDefinitionId: body.typeDefinitionId ?? null,
          defaultTenantId: p.tenantId,
        })
        .onConflictDoNothing()
        .returning();
      if (!user) throw new ApiError('CONFLICT', 'An account with this email already exists', { reason: 'ACCOUNT_EXISTS' });
      await tx.insert(memberships).values({ userId: user.id, tenantId: p.tenantId, role: 'member' });
      return user;
    });
    return c.json({ data: toUser(created, p.tenantId) }, 201);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const db = await c.var.db();
    // The member read goes with the caller check (one round trip).
    const { p, value } = await withCaller(c, (as) => requireMember(db, as.tenantId, id));
    return c.json({ data: toUser(value.user, p.tenantId) }, 200);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const target = await requireMember(db, p.tenantId, id);
    assertMayManage(p, { role: target.role, isSystemAdmin: target.user.isSystemAdmin, userId: id });
    const set = profileChanges(body);
    if (!Object.keys(set).length) return c.json({ data: toUser(target.user, p.tenantId) }, 200);
    const [updated] = await db.update(users).set({ ...set, updatedAt: sql`now()` }).where(eq(users.id, id)).returning();
    return c.json({ data: toUser(updated!, p.tenantId) }, 200);
  })
  .openapi(context, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const { user } = await requireMember(db, p.tenantId, id);
    const [ctx, activity] = await Promise.all([
      userContext(db, id, p.tenantId, user.isSystemAdmin),
      db.execute<ActivityRow>(sql`
        select * from (
          select 'sign_in' as type, s.id as entity_id, 'session' as entity_type, s.created_at as at
            from sessions s where s.user_id = ${id} and s.tenant_id = ${p.tenantId} and s.mfa_pending = false
          union all
          select e.event_type, e.id, 'security_event', e.created_at
            from security_events e where e.user_id = ${id} and e.tenant_id = ${p.tenantId} and e.event_type <> 'login_succeeded'
        ) a order by at desc, entity_id limit 5`),
    ]);
    return c.json(
      {
        data: {
          user: toUser(user, p.tenantId),
          groups: ctx.groups.map((g) => ({ id: g.id, name: g.name, permissions: g.permissions })),
          permissions: ctx.permissions.map(splitPermission),
          recentActivity: activity.rows.map((a) => ({ type: a.type, entity_id: a.entity_id, entity_type: a.entity_type, timestamp: new Date(a.at).toISOString() })),
        },
      },
      200,
    );
  })
  .openapi(resetPassword, async (c) => {
    const { id } = c.req.valid('param');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    await db.transaction(async (tx) => {
      const target = await requireMember(tx, p.tenantId, id);
      assertMayManage(p, { role: target.role, isSystemAdmin: target.user.isSystemAdmin, userId: id });
      await tx.update(users).set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, id));
      await revokeUserSessions(tx, id, 'admin_password_reset');
      await tx
        .update(oneTimeTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(oneTimeTokens.userId, id), eq(oneTimeTokens.purpose, 'password_reset'), isNull(oneTimeTokens.usedAt)));
      await recordSecurityEvent(tx, {
        eventType: 'admin_password_reset',
        severity: 'medium',
        ipAddress: clientIp(c),
        userId: id,
        tenantId: p.tenantId,
        details: { by: p.userId },
      });
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ data: { password } }, 200);
  });
