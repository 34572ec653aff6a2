// Application accounts: machine users that sign in through /public/auth/login with email + password.
// Each is a `users` row (kind 'app_account', membership role 'guest') plus an `app_accounts` row holding
// its permission object, status and expiry. Its principal's permissions come from that object.
import type { BaseContext, Principal, ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { mergePermissions, toPermissionCodes, type TemplateName } from '../../../lib/access-permissions';
import { base64url, hashPassword, randomBytes } from '../../../lib/crypto';
import { ApiError, notFound } from '../../../lib/errors';
import { revokeUserSessions } from '../../accounts/sessions';
import { fieldError, futureDate, initialPermissions } from '../shared/credentials';
import {
  MAX_APP_ACCOUNTS_PER_TENANT,
  MIN_PASSWORD,
  type AppAccountPatch,
  type AppAccountRow,
  type AppAccountUsage,
  type AppAccountValues,
  type NewAppAccount,
} from './app-accounts.model';
import * as q from './app-accounts.queries';

async function load(ctx: ServiceContext, id: string, lock = false): Promise<AppAccountRow> {
  const row = await q.findAccount(ctx, id, lock);
  if (!row) throw notFound('Application account');
  return row;
}

/** A new password ends every session of the account. */
async function changePassword(ctx: ServiceContext, a: AppAccountRow, password: string): Promise<Date> {
  if (!a.authUserId) throw new ApiError('CONFLICT', 'The account has no sign-in identity');
  const changedAt = await q.setPasswordHash(ctx, a.authUserId, await hashPassword(password));
  await revokeUserSessions(await ctx.db(), a.authUserId, 'password_changed');
  await q.touchAccount(ctx, a.id);
  return changedAt;
}

export const listAccounts = (ctx: ServiceContext) => q.listAccounts(ctx);

export const getAccount = (ctx: ServiceContext, id: string) => load(ctx, id);

export async function createAccount(ctx: ServiceContext, p: Principal, template: TemplateName | undefined, body: NewAppAccount): Promise<AppAccountRow> {
  const expiresAt = futureDate('expires_at', body.expires_at);
  const email = body.email.toLowerCase();
  const { permissions } = initialPermissions(template, body.permissions);
  const passwordHash = await hashPassword(body.password);
  return inTransaction(ctx, async (tx) => {
    if ((await q.countAccounts(tx)) >= MAX_APP_ACCOUNTS_PER_TENANT) throw new ApiError('CONFLICT', `A tenant holds at most ${MAX_APP_ACCOUNTS_PER_TENANT} application accounts`);
    const authUserId = await q.insertIdentity(tx, { email, passwordHash, name: body.name });
    if (!authUserId) throw new ApiError('CONFLICT', 'A user with this email already exists');
    return q.insertAccount(tx, {
      authUserId,
      name: body.name,
      email,
      description: body.description ?? null,
      permissions,
      expiresAt: expiresAt ?? null,
      createdBy: p.kind === 'user' ? p.userId : null,
    });
  });
}

/** Suspending or revoking ends every session at once; `revoked` is final. */
export async function updateAccount(ctx: ServiceContext, id: string, body: AppAccountPatch): Promise<AppAccountRow> {
  const set: Partial<AppAccountValues> = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.description !== undefined) set.description = body.description;
  if (body.expires_at !== undefined) set.expiresAt = futureDate('expires_at', body.expires_at);
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    if (body.permissions !== undefined) set.permissions = mergePermissions(current.permissions, body.permissions);
    if (body.status !== undefined && body.status !== current.status) {
      if (current.status === 'revoked') throw new ApiError('CONFLICT', 'A revoked application account cannot be reactivated; create a new one');
      set.status = body.status;
      if (body.status !== 'active' && current.authUserId) await revokeUserSessions(await tx.db(), current.authUserId, `app_account_${body.status}`);
    }
    if (body.name !== undefined && current.authUserId) await q.renameIdentity(tx, current.authUserId, body.name);
    return q.updateAccount(tx, id, set);
  });
}

export async function deleteAccount(ctx: ServiceContext, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => q.deleteAccount(tx, await load(tx, id, true)));
}

/** A random 32-character password, returned once. */
export async function regeneratePassword(ctx: ServiceContext, id: string): Promise<string> {
  const password = base64url(randomBytes(24));
  await inTransaction(ctx, async (tx) => changePassword(tx, await load(tx, id, true), password));
  return password;
}

export async function setPassword(ctx: ServiceContext, id: string, password: string): Promise<Date> {
  if (password.length < MIN_PASSWORD) throw fieldError('password', `Too small: expected string to have >=${MIN_PASSWORD} characters`);
  return inTransaction(ctx, async (tx) => changePassword(tx, await load(tx, id, true), password));
}

export async function usage(ctx: ServiceContext, id: string): Promise<AppAccountUsage> {
  // All three at once (one round trip, with the caller check): the figures find the account's identity themselves.
  const [account, s, failed] = await Promise.all([load(ctx, id), q.sessionStats(ctx, id), q.failedSignInsLast30Days(ctx, id)]);
  return { account, sessions: { total: s.total, active: s.active, lastCreatedAt: s.last }, failedSignInsLast30Days: failed };
}

/**
 * Sign-in rules (used by /public/auth/login): the account must be active and not expired (an
 * expired one also loses its sessions). Throws 401 otherwise; returns its permission codes and
 * records the sign-in.
 */
export async function appAccountSignIn(ctx: BaseContext, userId: string): Promise<{ permissions: string[] }> {
  const a = await q.signInState(ctx, userId);
  if (!a || a.status !== 'active') throw new ApiError('UNAUTHORIZED', `Application account is ${a?.status ?? 'not active'}`);
  if (a.expired) {
    await revokeUserSessions(await ctx.db(), userId, 'app_account_expired');
    throw new ApiError('UNAUTHORIZED', 'Application account has expired');
  }
  await q.recordSignIn(ctx, a.id);
  return { permissions: toPermissionCodes(a.permissions) };
}
