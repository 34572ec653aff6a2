// Application accounts: machine users that sign in through /public/auth/login with email + password.
// Each is a `users` row (kind 'app_account', membership role 'guest') plus an `app_accounts` row holding
// its permission object, status and expiry. Its principal's permissions come from that object.
import { and, count, desc, eq, gte, max, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import type { Database } from '../../db/client';
import { memberships, securityEvents, sessions, users } from '../../db/schema/identity';
import { appAccounts } from '../../db/schema/integrators';
import { ofTenant, type Tx } from '../../db/tx';
import { mergePermissions } from '../../lib/access-permissions';
import { base64url, hashPassword, randomBytes } from '../../lib/crypto';
import { ApiError, notFound } from '../../lib/errors';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';
import { revokeUserSessions } from '../accounts/sessions';
import { fieldError, futureDate, idParam, initialPermissions, iso, TEMPLATE_DOC, templateQuery } from './common';

export const MAX_APP_ACCOUNTS_PER_TENANT = 100;
export const MIN_PASSWORD = 12;

type Row = typeof appAccounts.$inferSelect;

function toAppAccount(a: Row) {
  return {
    id: a.id,
    tenantId: a.tenantId,
    auth_user_id: a.authUserId,
    name: a.name,
    email: a.email,
    description: a.description,
    permissions: a.permissions,
    status: a.status,
    expires_at: iso(a.expiresAt),
    last_used_at: iso(a.lastUsedAt),
    created_by: a.createdBy,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

const SIGN_IN =
  ' **Signing in:** app accounts use `POST /api/v1/public/auth/login` with their email and password like people; a suspended, revoked ' +
  'or expired account cannot sign in and its existing sessions stop working on their next request (suspending or revoking also ' +
  'revokes every session at once). Its permissions are those of its permission object, never a role; the tenant’s 2FA requirement ' +
  'does not apply to it.';

const list = contractRoute(contract.getSecureAppAccounts, {
  description: `The tenant's application accounts, newest first (at most ${MAX_APP_ACCOUNTS_PER_TENANT} per tenant, so no pagination).${SIGN_IN}`,
  auth: { permission: 'app_accounts:read' },
});
const create = contractRoute(contract.postSecureAppAccounts, {
  description:
    `Creates the account and its sign-in identity (a user of kind app_account with a guest membership in this tenant). ` +
    `\`email\` must not belong to any user yet (409). \`password\` at least ${MIN_PASSWORD} characters; \`expires_at\` in the future. ` +
    `${TEMPLATE_DOC}${SIGN_IN}`,
  request: { query: templateQuery },
  auth: { permission: 'app_accounts:write' },
  errors: [409],
});
const get = contractRoute(contract.getSecureAppAccountsById, {
  description: 'One application account.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:read' },
});
const patch = contractRoute(contract.patchSecureAppAccountsById, {
  description:
    '`permissions` is merged section by section (flags given replace stored ones). `status: suspended` or `revoked` revokes every ' +
    'session of the account immediately and blocks sign-in; `active` allows it again, except after `revoked`, which is final (409). ' +
    '`expires_at: null` removes the expiry; a new expiry must be in the future. Changing permissions takes effect on the next request.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
  errors: [409],
});
const remove = contractRoute(contract.deleteSecureAppAccountsById, {
  description: 'Deletes the account and its sign-in identity; its sessions end at once. 204 without a body.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
});
const regenerate = contractRoute(contract.postSecureAppAccountsByIdRegeneratePassword, {
  description: 'Replaces the password with a random 32-character one, returned once. Every existing session of the account is revoked.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
});
const setPassword = contractRoute(contract.postSecureAppAccountsByIdSetPassword, {
  description: `Sets a chosen password (at least ${MIN_PASSWORD} characters, else 400). Every existing session of the account is revoked. \`data\` holds \`id\` and \`password_changed_at\`.`,
  request: { params: idParam },
  auth: { permission: 'app_accounts:write' },
});
const usage = contractRoute(contract.getSecureAppAccountsByIdUsageStats, {
  description:
    'Usage of the account, from recorded data: `sessions` (total, active = not revoked and not expired, `last_sign_in_at`), ' +
    '`sign_ins` (successful count since creation, failed attempts in the last 30 days), `requests` (authenticated /secure requests ' +
    'made with its sessions, counted after each response; `last_used_at`), plus `status`, `expires_at` and `created_at`.',
  request: { params: idParam },
  auth: { permission: 'app_accounts:read' },
});

async function load(tx: Tx | Database, tenantId: string, id: string, lock = false): Promise<Row> {
  const q = tx.select().from(appAccounts).where(ofTenant(appAccounts.tenantId, tenantId, eq(appAccounts.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('Application account');
  return row;
}

async function changePassword(tx: Tx, a: Row, password: string): Promise<Date> {
  if (!a.authUserId) throw new ApiError('CONFLICT', 'The account has no sign-in identity');
  const [u] = await tx
    .update(users)
    .set({ passwordHash: await hashPassword(password), passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(users.id, a.authUserId))
    .returning({ changedAt: users.passwordChangedAt });
  await revokeUserSessions(tx, a.authUserId, 'password_changed');
  await tx.update(appAccounts).set({ updatedAt: sql`now()` }).where(eq(appAccounts.id, a.id));
  return u!.changedAt!;
}

export const appAccountRoutes = newRouter()
  .openapi(list, async (c) => {
    const p = await principal(c);
    const db = await c.var.db();
    const rows = await db.select().from(appAccounts).where(ofTenant(appAccounts.tenantId, p.tenantId)).orderBy(desc(appAccounts.createdAt), desc(appAccounts.id));
    return c.json({ data: rows.map(toAppAccount) }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { template } = c.req.valid('query');
    const p = await principal(c);
    const expiresAt = futureDate('expires_at', body.expires_at);
    const email = body.email.toLowerCase();
    const { permissions } = initialPermissions(template, body.permissions);
    const passwordHash = await hashPassword(body.password);
    const db = await c.var.db();
    const row = await db.transaction(async (tx) => {
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(appAccounts).where(ofTenant(appAccounts.tenantId, p.tenantId));
      if (n >= MAX_APP_ACCOUNTS_PER_TENANT) throw new ApiError('CONFLICT', `A tenant holds at most ${MAX_APP_ACCOUNTS_PER_TENANT} application accounts`);
      const [user] = await tx
        .insert(users)
        .values({ tenantId: p.tenantId, email, passwordHash, passwordChangedAt: new Date(), kind: 'app_account', displayName: body.name, defaultTenantId: p.tenantId, emailConfirmedAt: new Date() })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!user) throw new ApiError('CONFLICT', 'A user with this email already exists');
      await tx.insert(memberships).values({ userId: user.id, tenantId: p.tenantId, role: 'guest' });
      const [a] = await tx
        .insert(appAccounts)
        .values({
          tenantId: p.tenantId,
          authUserId: user.id,
          name: body.name,
          email,
          description: body.description ?? null,
          permissions,
          expiresAt: expiresAt ?? null,
          createdBy: p.kind === 'user' ? p.userId : null,
        })
        .returning();
      return a!;
    });
    return c.json({ data: toAppAccount(row) }, 201);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    return c.json({ data: toAppAccount(await load(await c.var.db(), p.tenantId, id)) }, 200);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const p = await principal(c);
    const set: Partial<typeof appAccounts.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.description !== undefined) set.description = body.description;
    if (body.expires_at !== undefined) set.expiresAt = futureDate('expires_at', body.expires_at);
    const db = await c.var.db();
    const row = await db.transaction(async (tx) => {
      const current = await load(tx, p.tenantId, id, true);
      if (body.permissions !== undefined) set.permissions = mergePermissions(current.permissions, body.permissions);
      if (body.status !== undefined && body.status !== current.status) {
        if (current.status === 'revoked') throw new ApiError('CONFLICT', 'A revoked application account cannot be reactivated; create a new one');
        set.status = body.status;
        if (body.status !== 'active' && current.authUserId) await revokeUserSessions(tx, current.authUserId, `app_account_${body.status}`);
      }
      if (body.name !== undefined && current.authUserId) await tx.update(users).set({ displayName: body.name, updatedAt: sql`now()` }).where(eq(users.id, current.authUserId));
      const [updated] = await tx.update(appAccounts).set({ ...set, updatedAt: sql`now()` }).where(eq(appAccounts.id, id)).returning();
      return updated!;
    });
    return c.json({ data: toAppAccount(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    await db.transaction(async (tx) => {
      const a = await load(tx, p.tenantId, id, true);
      await tx.delete(appAccounts).where(eq(appAccounts.id, a.id));
      // Sessions, refresh tokens and the membership go with the user (ON DELETE CASCADE).
      if (a.authUserId) await tx.delete(users).where(and(eq(users.id, a.authUserId), eq(users.kind, 'app_account')));
    });
    return noContent(c);
  })
  .openapi(regenerate, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const password = base64url(randomBytes(24));
    const db = await c.var.db();
    await db.transaction(async (tx) => changePassword(tx, await load(tx, p.tenantId, id, true), password));
    return c.json({ data: { password } }, 200);
  })
  .openapi(setPassword, async (c) => {
    const { id } = c.req.valid('param');
    const { password } = c.req.valid('json');
    if (password.length < MIN_PASSWORD) throw fieldError('password', `Too small: expected string to have >=${MIN_PASSWORD} characters`);
    const p = await principal(c);
    const db = await c.var.db();
    const changedAt = await db.transaction(async (tx) => changePassword(tx, await load(tx, p.tenantId, id, true), password));
    return c.json({ data: { id, password_changed_at: changedAt.toISOString() }, message: 'Password updated; existing sessions were signed out' }, 200);
  })
  .openapi(usage, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const a = await load(db, p.tenantId, id);
    const uid = a.authUserId;
    const [s] = uid
      ? await db
          .select({
            total: count(),
            active: sql<number>`count(*) filter (where ${sessions.revokedAt} is null and ${sessions.expiresAt} > now())`.mapWith(Number),
            last: max(sessions.createdAt),
          })
          .from(sessions)
          .where(eq(sessions.userId, uid))
      : [{ total: 0, active: 0, last: null }];
    const [f] = uid
      ? await db
          .select({ n: count() })
          .from(securityEvents)
          .where(and(eq(securityEvents.userId, uid), eq(securityEvents.eventType, 'login_failed'), gte(securityEvents.createdAt, sql`now() - interval '30 days'`)))
      : [{ n: 0 }];
    return c.json(
      {
        data: {
          app_account_id: a.id,
          status: a.status,
          expires_at: iso(a.expiresAt),
          created_at: a.createdAt.toISOString(),
          sessions: { total: s?.total ?? 0, active: s?.active ?? 0, last_sign_in_at: iso(s?.last ? new Date(s.last) : null) },
          sign_ins: { successful: a.signInCount, failed_last_30_days: f?.n ?? 0, last_sign_in_at: iso(a.lastSignInAt) },
          requests: { total: a.requestCount, last_used_at: iso(a.lastUsedAt) },
        },
      },
      200,
    );
  });
