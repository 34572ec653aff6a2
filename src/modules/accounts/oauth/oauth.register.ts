// Turning a pending provider identity (`registration_required`) into an account: in a new tenant,
// the platform tenant, or the tenant of an invitation. One transaction: a failed request does not
// spend the registration tokens.
import { authConfig } from '../../../config';
import type { ServiceContext } from '../../../context';
import type { Database } from '../../../db/client';
import type { Role } from '../../../db/schema/accounts';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import type { OAuthProvider } from '../../../providers/oauth';
import { lockInvitationForAccept, markInvitationAccepted } from '../../access/invitations';
import * as q from './oauth.queries';
import { signInWithProvider } from './oauth.signin';
import { consumeRegistration } from './oauth.tokens';

export interface Registration {
  accessToken: string;
  refreshToken: string;
  registrationMode: 'create_tenant' | 'system_tenant' | 'join_tenant';
  tenantName?: string;
  tenantDomain?: string;
  inviteCode?: string;
  displayName?: string;
  locale?: string;
}

/**
 * Sends the verification link of a new account whose email the provider did not verify, in the
 * registration's transaction (accounts/verification.ts, which still takes the request).
 */
export type SendVerification = (db: Database, user: { id: string; email: string; tenantId: string }) => Promise<void>;

const DOMAIN = /^[a-z0-9-]{2,63}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

function validate(body: Registration) {
  const fields: Record<string, string[]> = {};
  if (body.registrationMode === 'create_tenant') {
    const name = body.tenantName?.trim() ?? '';
    if (name.length < 2 || name.length > 255) fields.tenantName = ['Required for create_tenant: 2 to 255 characters'];
    if (!body.tenantDomain || !DOMAIN.test(body.tenantDomain)) fields.tenantDomain = ['Required for create_tenant: 2 to 63 of a-z, 0-9 and -'];
  }
  if (body.displayName !== undefined && (body.displayName.trim().length === 0 || body.displayName.length > 255)) fields.displayName = ['1 to 255 characters'];
  if (body.locale !== undefined && !LOCALE.test(body.locale)) fields.locale = ['A language tag such as en or de-CH'];
  if (Object.keys(fields).length) throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields });
  if (body.registrationMode === 'join_tenant' && !body.inviteCode) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: inviteCode', { location: 'body', fields: { inviteCode: ['Required for join_tenant'] } });
  }
}

async function systemTenant(ctx: ServiceContext) {
  const t = await q.ensureSystemTenant(ctx);
  if (!t || t.type !== 'system' || t.status !== 'active') throw new ApiError('FORBIDDEN', 'The system tenant is not available for registration');
  if (t.authConfig.requireInvitation || !t.authConfig.allowSelfRegistration) throw new ApiError('FORBIDDEN', 'The system tenant accepts new users by invitation only');
  return t;
}

/** Where the new account goes and with which role. */
async function targetTenant(ctx: ServiceContext, body: Registration, email: string): Promise<{ tenant: q.TenantRow; role: Role; invitationId: string | null }> {
  if (body.registrationMode === 'join_tenant') {
    const view = await lockInvitationForAccept(ctx, body.inviteCode!);
    if (view.inv.recipientEmail && view.inv.recipientEmail !== email) {
      throw new ApiError('FORBIDDEN', 'The invitation was sent to another email address');
    }
    const tenant = (await q.tenantById(ctx, view.inv.tenantId))!;
    if (tenant.status !== 'active') throw new ApiError('CONFLICT', 'The tenant is not active');
    return { tenant, role: view.inv.role, invitationId: view.inv.id };
  }
  if (body.registrationMode === 'create_tenant') {
    if (await q.domainTaken(ctx, body.tenantDomain!)) throw new ApiError('CONFLICT', `The domain "${body.tenantDomain}" is taken`);
    const tenant = await q.insertTenant(ctx, { name: body.tenantName!.trim(), domain: body.tenantDomain!, defaultLanguage: body.locale ?? 'en' });
    return { tenant, role: 'owner', invitationId: null };
  }
  return { tenant: await systemTenant(ctx), role: 'member', invitationId: null };
}

/** Creates the account of a pending registration and signs it in. */
export async function registerWithProvider(ctx: ServiceContext, body: Registration, opts: { userAgent: string | null; sendVerification: SendVerification }) {
  validate(body);
  const cfg = authConfig(ctx.env);
  const result = await inTransaction(ctx, async (tx) => {
    const reg = await consumeRegistration(tx, cfg, body.accessToken, body.refreshToken);
    if (await q.emailTaken(tx, reg.email)) throw new ApiError('CONFLICT', 'An account with this email already exists: sign in and link the provider');
    if (await q.identityBySubject(tx, reg.provider, reg.subject)) throw new ApiError('CONFLICT', 'This provider account is already linked to an account: sign in with it');
    const { tenant, role, invitationId } = await targetTenant(tx, body, reg.email);
    const user = await q.insertUser(tx, {
      tenantId: tenant.id,
      email: reg.email,
      displayName: body.displayName?.trim() ?? reg.displayName,
      locale: body.locale ?? tenant.defaultLanguage,
      defaultTenantId: tenant.id,
      emailConfirmedAt: reg.emailVerified ? new Date() : null,
      primaryProvider: reg.provider,
    });
    await q.insertMembership(tx, user.id, tenant.id, role);
    if (invitationId) await markInvitationAccepted(tx, invitationId, user.id);
    await q.insertIdentity(tx, {
      userId: user.id,
      tenantId: tenant.id,
      provider: reg.provider,
      subject: reg.subject,
      email: reg.email,
      displayName: reg.displayName,
      avatarUrl: reg.avatarUrl,
      isPrimary: true,
      lastLoginAt: new Date(),
    });
    if (reg.historyId) await q.setHistoryOwner(tx, reg.historyId, user.id, tenant.id);
    if (!reg.emailVerified) await opts.sendVerification(await tx.db(), { id: user.id, email: reg.email, tenantId: tenant.id });
    const signed = await signInWithProvider(tx, cfg, {
      user,
      wantedTenantId: tenant.id,
      provider: reg.provider as OAuthProvider,
      ipAddress: ctx.ip,
      userAgent: opts.userAgent,
    });
    return { user, tenant, signed };
  });
  ctx.audit({
    action: 'user.oauth_register',
    resourceType: 'user',
    resourceId: result.user.id,
    tenantId: result.tenant.id,
    actorId: result.user.id,
    details: { registrationMode: body.registrationMode },
  });
  return result;
}
