// Signing in with a provider identity: which account it names (a linked identity, or a
// provider-verified email of an account that confirmed it), the linking rules, and the session.
import type { AuthConfig } from '../../../config';
import type { BaseContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { OAuthIdentity, OAuthProvider } from '../../../providers/oauth';
import { nextStep, taskStates } from '../flow';
import { createSession, type IssuedTokens } from '../sessions';
import { loginUser, userContext } from '../sign-in';
import { PROVIDER_INFO, type IdentityWithEmail, type StateRow } from './oauth.model';
import * as q from './oauth.queries';

export interface SignInTarget {
  user: { id: string; email: string; displayName: string | null; isSystemAdmin: boolean; defaultTenantId: string | null; tenantId: string };
  /** The tenant the flow named (state), if any: an active membership there is required. */
  wantedTenantId: string | null;
  provider: OAuthProvider;
  ipAddress: string | null;
  userAgent: string | null;
}

export type SignedIn = Awaited<ReturnType<typeof signInWithProvider>>;

/**
 * Opens a session like password sign-in does: tenant = the named one (membership required), else
 * the default tenant, else the first active membership; 2FA pending when a method is enabled;
 * `requiresPostAuthFlow` when a mandatory post-sign-in task is pending.
 */
export async function signInWithProvider(ctx: BaseContext, cfg: AuthConfig, t: SignInTarget) {
  const active = await q.activeMemberships(ctx, t.user.id);
  const wanted = t.wantedTenantId ?? t.user.defaultTenantId ?? t.user.tenantId;
  const tenant = active.find((m) => m.tenantId === wanted) ?? (t.wantedTenantId ? undefined : active[0]);
  if (!tenant) throw new ApiError('FORBIDDEN', t.wantedTenantId ? 'No active membership in that tenant' : 'No active tenant membership');
  const enabled = tenant.authConfig.oauthProvidersEnabled ?? [];
  if (enabled.length && !enabled.includes(t.provider) && !t.user.isSystemAdmin) {
    throw new ApiError('FORBIDDEN', `Sign-in with ${t.provider} is not enabled for this tenant`, { reason: 'PROVIDER_NOT_ENABLED' });
  }
  const mfa = await q.hasEnabledMfa(ctx, t.user.id);
  const db = await ctx.db();
  const flow = nextStep(await taskStates(db, tenant.tenantId, t.user.id));
  const tokens: IssuedTokens = await createSession(db, cfg, {
    userId: t.user.id,
    tenantId: tenant.tenantId,
    rememberMe: false,
    mfaPending: mfa,
    flowPending: flow.action === 'REDIRECT',
    authMethod: `oauth:${t.provider}`,
    ipAddress: t.ipAddress,
    userAgent: t.userAgent,
  });
  const uctx = await userContext(db, t.user.id, tenant.tenantId, t.user.isSystemAdmin);
  const user = loginUser(t.user, { id: tenant.tenantId, name: tenant.name }, uctx, mfa);
  return {
    tokens,
    tenantId: tenant.tenantId,
    tenantName: tenant.name,
    mfaPending: mfa,
    requiresPostAuthFlow: flow.action === 'REDIRECT',
    user: { ...user, displayName: user.displayName ?? t.user.email },
  };
}

export type Resolved =
  | { status: 'authenticated'; userId: string; tenantId: string; body: SignedIn; linkedByEmail?: boolean }
  | { status: 'registration_required'; who: IdentityWithEmail };

/**
 * What a verified provider identity signs in to (run in one transaction): a link flow attaches it
 * to the state's account; a linked identity signs its user in; a provider-verified email of an
 * account that confirmed it links and signs in; otherwise it never links (409) or, for a new
 * email, a registration is required.
 */
export async function resolveIdentity(ctx: BaseContext, cfg: AuthConfig, state: StateRow, who: OAuthIdentity, ip: string | null, ua: string | null): Promise<Resolved> {
  const provider = who.provider;
  const existing = await q.identityBySubject(ctx, provider, who.subject);
  const signIn = async (user: q.UserRow, linkedByEmail?: boolean): Promise<Resolved> => {
    if (user.status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
    const body = await signInWithProvider(ctx, cfg, { user, wantedTenantId: state.tenantId, provider, ipAddress: ip, userAgent: ua });
    return { status: 'authenticated', userId: user.id, tenantId: body.tenantId, body, linkedByEmail };
  };
  const attach = async (user: { id: string; tenantId: string }) => {
    if (await q.identityOf(ctx, user.id, provider)) throw new ApiError('CONFLICT', `This account already has another ${PROVIDER_INFO[provider].name} identity linked: unlink it first`);
    await q.insertIdentity(ctx, {
      userId: user.id,
      tenantId: user.tenantId,
      provider,
      subject: who.subject,
      email: who.email,
      displayName: who.displayName,
      avatarUrl: who.avatarUrl,
      lastLoginAt: new Date(),
    });
  };

  if (state.purpose === 'link') {
    const user = await q.findUser(ctx, { id: state.userId! });
    if (!user) throw new ApiError('UNAUTHORIZED', 'Account is not active');
    if (existing && existing.userId !== user.id) throw new ApiError('CONFLICT', 'This provider account is already linked to another account');
    if (existing) await q.touchIdentity(ctx, existing.id, who);
    else await attach(user);
    return signIn(user);
  }
  if (existing) {
    const user = await q.findUser(ctx, { id: existing.userId });
    if (!user) throw new ApiError('UNAUTHORIZED', 'Account is not active');
    await q.touchIdentity(ctx, existing.id, who);
    return signIn(user);
  }
  if (!who.email) throw new ApiError('UNPROCESSABLE_ENTITY', `${PROVIDER_INFO[provider].name} did not share an email address: allow it, or sign up with email`);
  const byEmail = await q.findUser(ctx, { email: who.email });
  if (byEmail) {
    if (!who.emailVerified) {
      throw new ApiError('CONFLICT', 'An account with this email exists, but the provider does not vouch for the address: sign in to that account and link the provider there', {
        reason: 'EMAIL_NOT_VERIFIED_BY_PROVIDER',
      });
    }
    if (byEmail.kind !== 'user') throw new ApiError('FORBIDDEN', 'Application accounts cannot sign in with a provider');
    if (byEmail.status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
    // Account pre-hijacking: whoever registered this address without owning the mailbox must not
    // gain the provider identity of the person who does.
    if (!byEmail.emailConfirmedAt) {
      throw new ApiError('CONFLICT', 'An account with this email exists but its address is not confirmed: sign in to that account and link the provider from your profile', {
        reason: 'LOCAL_EMAIL_NOT_CONFIRMED',
      });
    }
    await attach(byEmail);
    return signIn(byEmail, true);
  }
  return { status: 'registration_required', who: { ...who, email: who.email } };
}
