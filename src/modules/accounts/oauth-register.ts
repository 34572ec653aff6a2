// POST /public/auth/oauth/register: turns a pending provider identity into an account.
import { eq, or, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { authConfig } from '../../config';
import { userIdentities } from '../../db/schema/identities';
import { memberships, tenants, users, type Role } from '../../db/schema/identity';
import { oauthLoginHistory } from '../../db/schema/oauth';
import { inTransaction, type Tx } from '../../db/tx';
import { ApiError } from '../../lib/errors';
import { clientIp, userAgent } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { setAudit } from '../../middleware/audit';
import { serviceContext } from '../../middleware/service-context';
import type { OAuthProvider } from '../../providers/oauth';
import { consumeRegistration, signInWithProvider } from './oauth-service';
import { setRefreshCookie } from './sessions';
import { sendEmailVerification } from './recovery';
import { lockInvitationForAccept, markInvitationAccepted } from '../access/invitations';

const route = contractRoute(contract.postPublicAuthOauthRegister, {
  description:
    'Creates the account for a `registration_required` exchange: `accessToken` and `refreshToken` are the registration ' +
    'token pair it returned (single use, 15 minutes; 401 when invalid, expired or spent). The account gets the ' +
    "provider's email (confirmed when the provider verified it, else a verification link is emailed), no password, " +
    'and the provider identity as primary sign-in method; then it is signed in (tokens as `/public/auth/login`). ' +
    '**create_tenant**: a new tenant (`tenantName` 2–255 characters, `tenantDomain` = slug and domain, `^[a-z0-9-]{2,63}$`; ' +
    '400 when missing) with the user as owner; 409 when the domain is taken. **system_tenant**: the platform tenant ' +
    "(slug `system`, created on first use) as `member`; 403 when its rules require an invitation or forbid self-registration. " +
    '**join_tenant** accepts the invitation `inviteCode` (single-use; an email invitation must match the identity’s email) and joins its tenant with its role. 409 when an account ' +
    'with the email was created in the meantime. A failed request does not spend the tokens.',
  errors: [409],
});

const DOMAIN = /^[a-z0-9-]{2,63}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

function validate(body: { registrationMode: string; tenantName?: string; tenantDomain?: string; displayName?: string; locale?: string }) {
  const fields: Record<string, string[]> = {};
  if (body.registrationMode === 'create_tenant') {
    const name = body.tenantName?.trim() ?? '';
    if (name.length < 2 || name.length > 255) fields.tenantName = ['Required for create_tenant: 2 to 255 characters'];
    if (!body.tenantDomain || !DOMAIN.test(body.tenantDomain)) fields.tenantDomain = ['Required for create_tenant: 2 to 63 of a-z, 0-9 and -'];
  }
  if (body.displayName !== undefined && (body.displayName.trim().length === 0 || body.displayName.length > 255)) fields.displayName = ['1 to 255 characters'];
  if (body.locale !== undefined && !LOCALE.test(body.locale)) fields.locale = ['A language tag such as en or de-CH'];
  if (Object.keys(fields).length) throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields });
}

async function systemTenant(tx: Tx) {
  await tx
    .insert(tenants)
    .values({ name: 'System', slug: 'system', domain: 'system', type: 'system' })
    .onConflictDoNothing();
  const [t] = await tx.select().from(tenants).where(eq(tenants.slug, 'system'));
  if (!t || t.type !== 'system' || t.status !== 'active') throw new ApiError('FORBIDDEN', 'The system tenant is not available for registration');
  if (t.authConfig.requireInvitation || !t.authConfig.allowSelfRegistration) throw new ApiError('FORBIDDEN', 'The system tenant accepts new users by invitation only');
  return t;
}

export const oauthRegisterRoutes = newRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  validate(body);
  if (body.registrationMode === 'join_tenant' && !body.inviteCode) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: inviteCode', { location: 'body', fields: { inviteCode: ['Required for join_tenant'] } });
  }
  const cfg = authConfig(c.env);
  const ip = clientIp(c);
  const result = await inTransaction(serviceContext(c), async (txc) => {
    // The transaction itself (inTransaction hands it out as the context's database).
    const tx = (await txc.db()) as unknown as Tx;
    const reg = await consumeRegistration(tx, cfg, body.accessToken, body.refreshToken);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, reg.email));
    if (taken) throw new ApiError('CONFLICT', 'An account with this email already exists: sign in and link the provider');
    const [identityTaken] = await tx.select({ id: userIdentities.id }).from(userIdentities).where(sql`${userIdentities.provider} = ${reg.provider} and ${userIdentities.subject} = ${reg.subject}`);
    if (identityTaken) throw new ApiError('CONFLICT', 'This provider account is already linked to an account: sign in with it');
    let tenant: typeof tenants.$inferSelect;
    let role: Role;
    let invitationId: string | null = null;
    if (body.registrationMode === 'join_tenant') {
      const view = await lockInvitationForAccept(txc, body.inviteCode!);
      if (view.inv.recipientEmail && view.inv.recipientEmail !== reg.email) {
        throw new ApiError('FORBIDDEN', 'The invitation was sent to another email address');
      }
      [tenant] = (await tx.select().from(tenants).where(eq(tenants.id, view.inv.tenantId))) as [typeof tenants.$inferSelect];
      if (tenant.status !== 'active') throw new ApiError('CONFLICT', 'The tenant is not active');
      role = view.inv.role;
      invitationId = view.inv.id;
    } else if (body.registrationMode === 'create_tenant') {
      const [clash] = await tx.select({ id: tenants.id }).from(tenants).where(or(eq(tenants.slug, body.tenantDomain!), eq(tenants.domain, body.tenantDomain!)));
      if (clash) throw new ApiError('CONFLICT', `The domain "${body.tenantDomain}" is taken`);
      [tenant] = (await tx
        .insert(tenants)
        .values({ name: body.tenantName!.trim(), slug: body.tenantDomain!, domain: body.tenantDomain!, defaultLanguage: body.locale ?? 'en' })
        .returning()) as [typeof tenants.$inferSelect];
      role = 'owner';
    } else {
      tenant = await systemTenant(tx);
      role = 'member';
    }
    const [user] = await tx
      .insert(users)
      .values({
        tenantId: tenant.id,
        email: reg.email,
        displayName: body.displayName?.trim() ?? reg.displayName,
        locale: body.locale ?? tenant.defaultLanguage,
        defaultTenantId: tenant.id,
        emailConfirmedAt: reg.emailVerified ? new Date() : null,
        primaryProvider: reg.provider,
      })
      .returning();
    await tx.insert(memberships).values({ userId: user!.id, tenantId: tenant.id, role });
    if (invitationId) await markInvitationAccepted(txc, invitationId, user!.id);
    await tx.insert(userIdentities).values({
      userId: user!.id,
      tenantId: tenant.id,
      provider: reg.provider,
      subject: reg.subject,
      email: reg.email,
      displayName: reg.displayName,
      avatarUrl: reg.avatarUrl,
      isPrimary: true,
      lastLoginAt: new Date(),
    });
    if (reg.historyId) await tx.update(oauthLoginHistory).set({ userId: user!.id, tenantId: tenant.id }).where(eq(oauthLoginHistory.id, reg.historyId));
    if (!reg.emailVerified) await sendEmailVerification(serviceContext(c), tx, { id: user!.id, email: reg.email, tenantId: tenant.id });
    const signed = await signInWithProvider(tx, cfg, {
      user: user!,
      wantedTenantId: tenant.id,
      provider: reg.provider as OAuthProvider,
      ipAddress: ip,
      userAgent: userAgent(c),
    });
    return { user: user!, tenant, signed };
  });
  setAudit(c, {
    action: 'user.oauth_register',
    resourceType: 'user',
    resourceId: result.user.id,
    tenantId: result.tenant.id,
    actorId: result.user.id,
    details: { registrationMode: body.registrationMode },
  });
  setRefreshCookie(c, cfg, result.signed.tokens.refreshToken, false);
  return c.json(
    {
      success: true,
      message: body.registrationMode === 'create_tenant' ? 'Account and tenant created' : 'Account created',
      user: {
        id: result.user.id,
        email: result.user.email,
        displayName: result.user.displayName ?? result.user.email,
        tenantId: result.tenant.id,
        tenantName: result.tenant.name,
      },
      accessToken: result.signed.tokens.accessToken,
      refreshToken: result.signed.tokens.refreshToken,
      requiresPostAuthFlow: result.signed.requiresPostAuthFlow,
    },
    201,
  );
});
