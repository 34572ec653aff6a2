// Users of the caller's tenant: listing, admin creation, profile changes, details (groups,
// permissions, activity) and the admin password reset. A user id without a membership in the
// caller's tenant is "not found", whatever other tenant it belongs to.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { tenantOf } from '../../../db/tenant';
import { inTransaction } from '../../../db/tx';
import { base64url, hashPassword, randomBytes } from '../../../lib/crypto';
import { ApiError, notFound } from '../../../lib/errors';
import { ROLE_RANK } from '../../../lib/permissions';
import { recordSecurityEvent } from '../../../lib/security-events';
import { profileChanges } from '../../accounts/me';
import { revokeUserSessions } from '../../accounts/sessions';
import { contextOf, groupGrants, type UserContext } from '../../accounts/sign-in';
import type { Activity, Member, MemberFilter, NewUser, Role, UserPatch, UserRow } from './users.model';
import * as q from './users.queries';
import { assertWithinLimit } from '../../tenants/settings/limits';
import { validateSettingsChange } from '../../catalog/type-definitions';

/**
 * A member with their role, groups and effective permissions in the caller's tenant. The groups
 * are read together with the member (one round trip, with the caller check on a read route).
 */
async function memberContext(ctx: ServiceContext, id: string): Promise<{ user: UserRow; context: UserContext }> {
  const [member, grants] = await Promise.all([q.findMember(ctx, id), ctx.db().then((db) => groupGrants(db, id, tenantOf(ctx)))]);
  if (!member || member.user.deletedAt) throw notFound('User');
  return { user: member.user, context: contextOf(member.role, member.user.isSystemAdmin, grants) };
}

export const listMembers = (ctx: ServiceContext, f: MemberFilter) => q.listMembers(ctx, f);

export async function requireMember(ctx: ServiceContext, userId: string): Promise<Member> {
  const row = await q.findMember(ctx, userId);
  if (!row || row.user.deletedAt) throw notFound('User');
  return row;
}

/** Whether `target` outranks the caller in this tenant (or is a platform admin and the caller is not); never oneself. */
export function outranks(p: UserPrincipal, target: { userId: string; role: Role; isSystemAdmin: boolean }): boolean {
  if (target.userId === p.userId) return false;
  return (target.isSystemAdmin && !p.isSystemAdmin) || ROLE_RANK[target.role] > ROLE_RANK[p.role];
}

/** A caller may not manage someone who outranks them in this tenant (nor a platform admin, unless one). */
function assertMayManage(p: UserPrincipal, target: Member) {
  if (outranks(p, { userId: target.user.id, role: target.role, isSystemAdmin: target.user.isSystemAdmin })) {
    throw new ApiError('FORBIDDEN', 'This user’s role ranks above yours');
  }
}

/**
 * Creates an account with a password as a `member` of the caller's tenant. Emails are unique on the
 * platform: an existing account joins through an invitation, never by being re-created.
 */
export async function createUser(ctx: ServiceContext, body: NewUser): Promise<UserRow> {
  const email = body.email.toLowerCase();
  const passwordHash = await hashPassword(body.password);
  return inTransaction(ctx, async (tx) => {
    await assertWithinLimit(tx, 'users');
    await validateSettingsChange(tx, 'user', null, body);
    const existing = await q.accountByEmail(tx, email);
    if (existing?.member) throw new ApiError('CONFLICT', 'This email is already a member of this tenant', { reason: 'ALREADY_MEMBER' });
    if (existing) {
      throw new ApiError('CONFLICT', 'An account with this email already exists: invite it with POST /api/v1/secure/invitations/', { reason: 'ACCOUNT_EXISTS' });
    }
    const user = await q.insertUser(tx, {
      email,
      passwordHash,
      passwordChangedAt: new Date(),
      displayName: body.displayName ?? null,
      locale: body.locale ?? 'en',
      settings: body.settings ?? {},
      typeDefinitionId: body.typeDefinitionId ?? null,
    });
    if (!user) throw new ApiError('CONFLICT', 'An account with this email already exists', { reason: 'ACCOUNT_EXISTS' });
    await q.insertMembership(tx, user.id, 'member');
    return user;
  });
}

/** Changes a member's profile fields (present keys set, `null` clears); nothing given answers the user as is. */
export async function updateUser(ctx: ServiceContext, p: UserPrincipal, id: string, body: UserPatch): Promise<UserRow> {
  const target = await requireMember(ctx, id);
  assertMayManage(p, target);
  const set = profileChanges(body);
  if (!Object.keys(set).length) return target.user;
  await validateSettingsChange(ctx, 'user', target.user, body);
  return q.updateUser(ctx, id, set);
}

/** A member with their groups and effective permissions in this tenant, and their recent activity. */
export async function userDetails(ctx: ServiceContext, id: string): Promise<{ user: UserRow; context: UserContext; activity: Activity[] }> {
  const [{ user, context }, activity] = await Promise.all([memberContext(ctx, id), q.recentActivity(ctx, id)]);
  return { user, context, activity };
}

/** Effective permission codes of a member of the caller's tenant (role ∪ groups, catalog order). */
export async function memberPermissions(ctx: ServiceContext, id: string): Promise<string[]> {
  return (await memberContext(ctx, id)).context.permissions;
}

/** 20 characters from a 64-symbol alphabet: 120 bits. */
const temporaryPassword = () => base64url(randomBytes(15));

/**
 * Sets a random temporary password and returns it. In one transaction the old password stops
 * working, every session of the user (in every tenant) is revoked and pending reset links are spent.
 */
export async function resetPassword(ctx: ServiceContext, p: UserPrincipal, id: string): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    const target = await requireMember(tx, id);
    assertMayManage(p, target);
    await q.setPassword(tx, id, passwordHash);
    const db = await tx.db();
    await revokeUserSessions(db, id, 'admin_password_reset');
    await q.spendPasswordResets(tx, id);
    await recordSecurityEvent(db, {
      eventType: 'admin_password_reset',
      severity: 'medium',
      ipAddress: tx.ip,
      userId: id,
      tenantId: p.tenantId,
      details: { by: p.userId },
    });
  });
  return password;
}
