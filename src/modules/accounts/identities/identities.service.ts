// The caller's sign-in identities: linking a provider (starts an OAuth flow bound to the account;
// the exchange attaches it), unlinking (never the last way to sign in), the primary method, and
// the OAuth login history.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { OAuthProvider } from '../../../providers/oauth';
import { adapterConfig, assertProviderEnabled, checkRedirectUrl, clientTypeOf, identityOf, loadTenant, PROVIDER_INFO, startAuthorization } from '../oauth';
import * as q from './identities.queries';

export async function listIdentities(ctx: ServiceContext, userId: string) {
  const [u, rows] = await Promise.all([q.signInSettings(ctx, userId), q.identities(ctx, userId)]);
  return { rows, primary: u!.primary, hasPassword: u!.hasPassword };
}

/** Starts a link flow for `provider`: the provider URL of a state bound to the caller's account. */
export async function startLink(ctx: ServiceContext, p: UserPrincipal, provider: OAuthProvider, redirectUrl: string | undefined): Promise<string> {
  const tenant = await loadTenant(ctx, p.tenantId);
  assertProviderEnabled(ctx, provider, tenant);
  const raw = redirectUrl ?? tenant?.authConfig.defaultOAuthRedirectUrl;
  if (!raw) throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields: { redirectUrl: ['Required: the tenant has no defaultOAuthRedirectUrl'] } });
  const clientType = clientTypeOf(raw);
  const checked = checkRedirectUrl(ctx, raw, clientType, tenant);
  if (await identityOf(ctx, p.userId, provider)) throw new ApiError('CONFLICT', `A ${PROVIDER_INFO[provider].name} identity is already linked: unlink it first`);
  const started = await startAuthorization(ctx, adapterConfig(ctx, tenant), {
    purpose: 'link',
    provider,
    clientType,
    redirectUrl: checked,
    tenantId: p.tenantId,
    userId: p.userId,
    ipAddress: ctx.ip,
  });
  ctx.audit({ action: 'identity.link_start', resourceType: 'identity', resourceId: null, details: { provider } });
  return started.oauthUrl;
}

/**
 * Removes the caller's identity of `provider`, unless it is their last way to sign in. A primary
 * method moves to `email` (with a password) or the oldest remaining identity; an avatar taken from
 * the identity falls back to none.
 */
export async function unlink(ctx: ServiceContext, p: UserPrincipal, provider: OAuthProvider): Promise<void> {
  const u = (await q.lockUser(ctx, p.userId))!;
  const ids = await q.identities(ctx, p.userId);
  const target = ids.find((i) => i.provider === provider);
  if (!target) throw new ApiError('NOT_FOUND', `No ${PROVIDER_INFO[provider].name} identity is linked`);
  const rest = ids.filter((i) => i.id !== target.id);
  if (!rest.length && !u.passwordHash) {
    throw new ApiError('CONFLICT', 'This is your only way to sign in: set a password or link another provider first', { reason: 'LAST_SIGN_IN_METHOD' });
  }
  await q.deleteIdentity(ctx, target.id);
  const patch: q.UserPatch = {};
  if (u.primaryProvider === provider) patch.primaryProvider = u.passwordHash ? 'email' : rest[0]!.provider;
  if (u.avatarIdentityId === target.id) Object.assign(patch, { avatarIdentityId: null, ...(u.avatarSource === 'remote' && { avatarSource: 'none', avatarUrl: null }) });
  if (Object.keys(patch).length) await q.updateUser(ctx, p.userId, patch);
  if (patch.primaryProvider) await q.markPrimary(ctx, p.userId, patch.primaryProvider);
  ctx.audit({ action: 'identity.unlink', resourceType: 'identity', resourceId: target.id, details: { provider } });
}

/** Sets the primary sign-in method: a linked provider, or `email` when the account has a password. */
export async function setPrimary(ctx: ServiceContext, p: UserPrincipal, provider: OAuthProvider | 'email'): Promise<void> {
  if (provider === 'email') {
    const u = await q.signInSettings(ctx, p.userId);
    if (!u?.hasPassword) throw new ApiError('CONFLICT', 'The account has no password: set one before making email the primary method');
  } else if (!(await identityOf(ctx, p.userId, provider))) {
    throw new ApiError('NOT_FOUND', `No ${PROVIDER_INFO[provider].name} identity is linked`);
  }
  await q.updateUser(ctx, p.userId, { primaryProvider: provider });
  await q.markPrimary(ctx, p.userId, provider);
  ctx.audit({ action: 'identity.set_primary', resourceType: 'user', resourceId: p.userId, details: { provider } });
}

export const loginHistory = (ctx: ServiceContext, userId: string, page: { limit: number; offset: number }) => q.history(ctx, userId, page);
