// Sign-in with a provider: the providers a tenant offers, starting a flow (state + PKCE + provider
// URL) and completing it (exchange: spend the state, verify the identity, sign in or ask for a
// registration). Every exchange attempt is recorded in the OAuth login history.
import { authConfig } from '../../../config';
import type { JobContext, ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { ApiError } from '../../../lib/errors';
import { verifiedTenantIdOf } from '../../tenants/domains';
import { exchangeCode, fetchIdentity, OAUTH_PROVIDERS, type OAuthProvider } from '../../../providers/oauth';
import { adapterConfig, assertProviderEnabled, checkRedirectUrl, providerEnabled } from './oauth.config';
import type { ClientType, IdentityWithEmail, OAuthTenant } from './oauth.model';
import * as q from './oauth.queries';
import { resolveIdentity, type Resolved, type SignedIn } from './oauth.signin';
import { consumeState, issueRegistration, startAuthorization } from './oauth.tokens';

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant named by `explicit`, else a well-formed X-Tenant-ID header (404 when unknown or
 * inactive), else the tenant whose verified custom domain is the request's host (none: the platform).
 */
async function requestTenant(ctx: ServiceContext, explicit: string | undefined, header: string | undefined, host: string): Promise<OAuthTenant | undefined> {
  const id = explicit ?? (header && uuidRe.test(header) ? header : undefined);
  if (!id) {
    const byHost = await q.loadTenant(ctx, verifiedTenantIdOf(host));
    return byHost?.status === 'active' ? byHost : undefined;
  }
  const tenant = await q.loadTenant(ctx, id);
  if (!tenant || tenant.status !== 'active') throw new ApiError('NOT_FOUND', 'Tenant not found');
  return tenant;
}

/** Every provider with whether the tenant (or, without one, the platform) offers it. */
export async function providerOffer(ctx: ServiceContext, tenantId: string | undefined, header: string | undefined, host: string) {
  const tenant = await requestTenant(ctx, tenantId, header, host);
  return { authConfig: tenant?.authConfig, providers: OAUTH_PROVIDERS.map((id) => ({ id, enabled: providerEnabled(ctx, id, tenant) })) };
}

export interface Initiate {
  provider: OAuthProvider;
  clientType: ClientType;
  redirectUrl: string;
  tenantId?: string;
}

export async function initiate(ctx: ServiceContext, body: Initiate, header: string | undefined, host: string) {
  const tenant = await requestTenant(ctx, body.tenantId, header, host);
  assertProviderEnabled(ctx, body.provider, tenant);
  const redirectUrl = checkRedirectUrl(ctx, body.redirectUrl, body.clientType, tenant);
  return startAuthorization(ctx, adapterConfig(ctx, tenant), {
    purpose: 'login',
    provider: body.provider,
    clientType: body.clientType,
    redirectUrl,
    tenantId: tenant?.id ?? null,
    userId: null,
    ipAddress: ctx.ip,
  });
}

export type Exchanged =
  | { status: 'registration_required'; provider: OAuthProvider; tenantId: string | null; who: IdentityWithEmail; tokens: { accessToken: string; refreshToken: string } }
  | { status: 'authenticated'; provider: OAuthProvider; signed: SignedIn };

/** Completes a flow started by initiate or by linking: spends the state, verifies the identity, resolves it. */
export async function exchange(ctx: ServiceContext, input: { stateId: string; code: string; wantedProvider?: OAuthProvider; userAgent: string | null }): Promise<Exchanged> {
  const cfg = authConfig(ctx.env);
  const ip = ctx.ip;
  const ua = input.userAgent;
  const state = await consumeState(ctx, input.stateId);
  const provider = state.provider as OAuthProvider;
  let outcome: Resolved;
  try {
    if (input.wantedProvider && input.wantedProvider !== provider) {
      throw new ApiError('BAD_REQUEST', `This state was issued for ${provider}, not ${input.wantedProvider}`, { reason: 'STATE_PROVIDER_MISMATCH' });
    }
    if (state.expiresAt.getTime() < Date.now()) throw new ApiError('BAD_REQUEST', 'This OAuth state has expired: start again', { reason: 'STATE_EXPIRED' });
    const tenant = state.tenantId ? await q.loadTenant(ctx, state.tenantId) : undefined;
    const ocfg = adapterConfig(ctx, tenant);
    const tokens = await exchangeCode(provider, ocfg, { code: input.code, redirectUri: state.redirectUrl, codeVerifier: state.codeVerifier });
    const who = await fetchIdentity(provider, ocfg, tokens, { nonce: state.nonce });
    outcome = await inTransaction(ctx, (tx) => resolveIdentity(tx, cfg, state, who, ip, ua));
  } catch (err) {
    const e = err instanceof ApiError ? `${err.code}: ${err.message}` : 'INTERNAL_ERROR';
    await q.insertHistory(ctx, { userId: state.userId, tenantId: state.tenantId, provider, purpose: state.purpose, success: false, error: e, ipAddress: ip, userAgent: ua });
    throw err;
  }
  if (outcome.status === 'registration_required') {
    const who = outcome.who;
    const tokens = await inTransaction(ctx, async (tx) => {
      const historyId = await q.insertHistory(tx, {
        userId: null,
        tenantId: state.tenantId,
        provider,
        purpose: state.purpose,
        success: true,
        details: { status: 'registration_required' },
        ipAddress: ip,
        userAgent: ua,
      });
      return issueRegistration(tx, cfg, who, state.tenantId, historyId);
    });
    return { status: 'registration_required', provider, tenantId: state.tenantId, who, tokens };
  }
  const { body: signed } = outcome;
  await q.insertHistory(ctx, {
    userId: outcome.userId,
    tenantId: outcome.tenantId,
    provider,
    purpose: state.purpose,
    success: true,
    details: { status: 'authenticated', mfaPending: signed.mfaPending, ...(outcome.linkedByEmail && { linkedByEmail: true }) },
    ipAddress: ip,
    userAgent: ua,
  });
  return { status: 'authenticated', provider, signed };
}

/** Cron: drops states and pending registrations a day after they expired (used or not). */
export const pruneOAuthFlows = (ctx: JobContext): Promise<void> => q.pruneExpired(ctx);
