// Public OAuth routes: provider list, initiate (state + PKCE + provider URL) and exchange.
import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import * as contract from '../../contract/accounts';
import { authConfig, type AuthConfig } from '../../config';
import { userIdentities } from '../../db/schema/identities';
import type { Tx } from '../../db/tx';
import type { AppEnv } from '../../env';
import { ApiError } from '../../lib/errors';
import { clientIp, userAgent } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { exchangeCode, fetchIdentity, OAUTH_PROVIDERS, type OAuthIdentity } from '../../providers/oauth';
import { adapterConfig, assertProviderEnabled, checkRedirectUrl, isHttpUrl, loadTenant, PROVIDER_INFO, providerEnabled, type OAuthTenant } from './oauth-config';
import { consumeState, findUser, issueRegistration, recordAttempt, signInWithProvider, startAuthorization, type StateRow } from './oauth-service';
import { setRefreshCookie } from './sessions';

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant named by `explicit`, else a well-formed X-Tenant-ID header; 404 when unknown or inactive. */
async function requestTenant(c: Context<AppEnv>, explicit: string | undefined): Promise<OAuthTenant | undefined> {
  const header = c.req.header('x-tenant-id');
  const id = explicit ?? (header && uuidRe.test(header) ? header : undefined);
  if (!id) return undefined;
  const tenant = await loadTenant(await c.var.db(), id);
  if (!tenant || tenant.status !== 'active') throw new ApiError('NOT_FOUND', 'Tenant not found');
  return tenant;
}

const providersRoute = contractRoute(contract.getPublicAuthProviders, {
  description:
    'The five providers, each `enabled` when the platform (OAUTH_* variables) or the tenant (`settings.oauth`) holds ' +
    "its credentials and the tenant's `oauthProvidersEnabled` lists it (an empty list: every configured provider). " +
    'The tenant is the `tenantId` query parameter, else the `X-Tenant-ID` header; without one the platform defaults ' +
    'apply and `tenantConfig` is omitted. 404 for an unknown or inactive tenant. `emailEnabled` is the tenant\'s ' +
    '`passwordAuthEnabled` (true by default). Only the client callback flow is offered (`server_callback` false).',
  request: { query: z.object({ tenantId: z.uuid().optional() }) },
});

const initiateRoute = contractRoute(contract.postPublicAuthOauthInitiate, {
  description:
    'Starts a sign-in: stores a server-issued state (single use, expires after 10 minutes, bound to provider, ' +
    'client type, tenant and redirectUrl) with a PKCE S256 verifier and an OIDC nonce, and returns the provider URL. ' +
    'The provider sends the browser back to `redirectUrl?code=…&state=<stateId>`; post both to ' +
    '`/public/auth/oauth/exchange` (`pveState` = the state). **redirectUrl** must equal (after URL normalisation) an ' +
    "entry of the tenant's `allowedOAuthRedirectUrls` (or, with no tenant or an empty list, of the platform's " +
    '`OAUTH_ALLOWED_REDIRECT_URLS`): 400 `REDIRECT_URL_NOT_ALLOWED` otherwise. Scheme rules per `clientType` (400 ' +
    'VALIDATION_ERROR): web → https:// (http:// only for localhost, 127.0.0.1, [::1]); extension → chrome-extension://; ' +
    'desktop and mobile → app:// or a reverse-DNS private-use scheme (`com.example.app:/cb`), desktop also loopback http://. ' +
    'The tenant is `tenantId`, else `X-Tenant-ID` (404 when unknown). 400 `PROVIDER_NOT_ENABLED` when the provider is ' +
    'not configured or not enabled for the tenant.',
});

const exchangeRoute = contractRoute(contract.postPublicAuthOauthExchange, {
  description:
    'Completes a flow: spends the state (unknown, used or expired → 400; `?provider=` when given must match the ' +
    "state's provider → 400), exchanges the code with the PKCE verifier at the state's provider (a code issued by " +
    'another provider or for another callback is refused there: 400) and verifies the identity (id_token signature, ' +
    'audience, issuer, nonce). Then: **a linked identity** signs its user in; **a provider-verified email** equal to an ' +
    'existing account whose own email is confirmed links the identity to that account and signs it in; otherwise it never ' +
    'links: 409 with `details.reason` `EMAIL_NOT_VERIFIED_BY_PROVIDER` (the provider does not vouch for the address) or ' +
    '`LOCAL_EMAIL_NOT_CONFIRMED` (the account never confirmed it) — sign in and link the provider from the profile instead; **a new identity** answers ' +
    '`registration_required` with `registration` and a registration token pair in `accessToken` (a JWT naming the ' +
    'pending registration, 15 minutes) and `refreshToken` (a single-use secret): both go to `/public/auth/oauth/register`; ' +
    'they open no other route. 422 when the provider shares no email address. A state started by ' +
    '`/secure/auth/link/{provider}` attaches the identity to that account (409 when it belongs to another account or ' +
    'the account already has another identity of that provider) and signs it in. Sign-in is as `/public/auth/login`: ' +
    'tenant = the state\'s tenant (membership required, 403) else the default tenant; with a 2FA method enabled the ' +
    'session is restricted until a code is verified (`user.permissions` empty); `requiresPostAuthFlow` when a mandatory ' +
    'post-sign-in task is pending. Every attempt is recorded in the OAuth login history.',
  request: { query: z.object({ provider: z.enum(OAUTH_PROVIDERS).optional() }) },
  errors: [409, 503],
});

type Outcome =
  | { status: 'authenticated'; userId: string; tenantId: string; body: Awaited<ReturnType<typeof signInWithProvider>>; linkedByEmail?: boolean }
  | { status: 'registration_required'; who: OAuthIdentity & { email: string } };

async function resolveIdentity(tx: Tx, cfg: AuthConfig, state: StateRow, who: OAuthIdentity, ip: string | null, ua: string | null): Promise<Outcome> {
  const provider = who.provider;
  const [existing] = await tx
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, who.subject)));
  const signIn = async (user: NonNullable<Awaited<ReturnType<typeof findUser>>>, linkedByEmail?: boolean): Promise<Outcome> => {
    if (user.status !== 'active') throw new ApiError('UNAUTHORIZED', 'Account is not active');
    const body = await signInWithProvider(tx, cfg, { user, wantedTenantId: state.tenantId, provider, ipAddress: ip, userAgent: ua });
    return { status: 'authenticated', userId: user.id, tenantId: body.tenantId, body, linkedByEmail };
  };
  const attach = async (user: { id: string; tenantId: string }) => {
    const [other] = await tx
      .select({ id: userIdentities.id })
      .from(userIdentities)
      .where(and(eq(userIdentities.userId, user.id), eq(userIdentities.provider, provider)));
    if (other) throw new ApiError('CONFLICT', `This account already has another ${PROVIDER_INFO[provider].name} identity linked: unlink it first`);
    await tx.insert(userIdentities).values({
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
  const touch = (id: string) =>
    tx
      .update(userIdentities)
      .set({ lastLoginAt: new Date(), email: who.email ?? undefined, displayName: who.displayName ?? undefined, avatarUrl: who.avatarUrl ?? undefined })
      .where(eq(userIdentities.id, id));

  if (state.purpose === 'link') {
    const user = await findUser(tx, { id: state.userId! });
    if (!user) throw new ApiError('UNAUTHORIZED', 'Account is not active');
    if (existing && existing.userId !== user.id) throw new ApiError('CONFLICT', 'This provider account is already linked to another account');
    if (existing) await touch(existing.id);
    else await attach(user);
    return signIn(user);
  }
  if (existing) {
    const user = await findUser(tx, { id: existing.userId });
    if (!user) throw new ApiError('UNAUTHORIZED', 'Account is not active');
    await touch(existing.id);
    return signIn(user);
  }
  if (!who.email) throw new ApiError('UNPROCESSABLE_ENTITY', `${PROVIDER_INFO[provider].name} did not share an email address: allow it, or sign up with email`);
  const byEmail = await findUser(tx, { email: who.email });
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

export const oauthPublicRoutes = newRouter()
  .openapi(providersRoute, async (c) => {
    const tenant = await requestTenant(c, c.req.valid('query').tenantId);
    const cfg = tenant?.authConfig;
    return c.json(
      {
        data: OAUTH_PROVIDERS.map((id) => ({
          id,
          name: PROVIDER_INFO[id].name,
          enabled: providerEnabled(c, id, tenant),
          icon: PROVIDER_INFO[id].icon,
          capabilities: { server_callback: false, client_callback: true, native_mobile: PROVIDER_INFO[id].nativeMobile },
        })),
        emailEnabled: cfg?.passwordAuthEnabled ?? true,
        ...(cfg && {
          tenantConfig: {
            requireInvitation: cfg.requireInvitation,
            allowSelfRegistration: cfg.allowSelfRegistration,
            passwordAuthEnabled: cfg.passwordAuthEnabled,
            mfaRequired: cfg.mfaRequired,
          },
        }),
      },
      200,
    );
  })
  .openapi(initiateRoute, async (c) => {
    const body = c.req.valid('json');
    const tenant = await requestTenant(c, body.tenantId);
    assertProviderEnabled(c, body.provider, tenant);
    const redirectUrl = checkRedirectUrl(c, body.redirectUrl, body.clientType, tenant);
    const db = await c.var.db();
    const started = await startAuthorization(db, adapterConfig(c, tenant), {
      purpose: 'login',
      provider: body.provider,
      clientType: body.clientType,
      redirectUrl,
      tenantId: tenant?.id ?? null,
      userId: null,
      ipAddress: clientIp(c),
    });
    return c.json(
      {
        data: {
          oauthUrl: started.oauthUrl,
          provider: body.provider,
          clientType: body.clientType,
          redirectMode: 'client_callback' as const,
          stateId: started.stateId,
          expiresAt: started.expiresAt.toISOString(),
        },
      },
      200,
    );
  })
  .openapi(exchangeRoute, async (c) => {
    const body = c.req.valid('json');
    const wantedProvider = c.req.valid('query').provider;
    const cfg = authConfig(c.env);
    const db = await c.var.db();
    const ip = clientIp(c);
    const ua = userAgent(c);
    const state = await consumeState(db, body.pveState);
    const provider = state.provider as (typeof OAUTH_PROVIDERS)[number];
    let outcome: Outcome;
    try {
      if (wantedProvider && wantedProvider !== provider) {
        throw new ApiError('BAD_REQUEST', `This state was issued for ${provider}, not ${wantedProvider}`, { reason: 'STATE_PROVIDER_MISMATCH' });
      }
      if (state.expiresAt.getTime() < Date.now()) throw new ApiError('BAD_REQUEST', 'This OAuth state has expired: start again', { reason: 'STATE_EXPIRED' });
      const tenant = state.tenantId ? await loadTenant(db, state.tenantId) : undefined;
      const ocfg = adapterConfig(c, tenant);
      const tokens = await exchangeCode(provider, ocfg, { code: body.code, redirectUri: state.redirectUrl, codeVerifier: state.codeVerifier });
      const who = await fetchIdentity(provider, ocfg, tokens, { nonce: state.nonce });
      outcome = await db.transaction((tx) => resolveIdentity(tx, cfg, state, who, ip, ua));
    } catch (err) {
      const e = err instanceof ApiError ? `${err.code}: ${err.message}` : 'INTERNAL_ERROR';
      await recordAttempt(db, { userId: state.userId, tenantId: state.tenantId, provider, purpose: state.purpose, success: false, error: e, ipAddress: ip, userAgent: ua });
      throw err;
    }
    if (outcome.status === 'registration_required') {
      const who = outcome.who;
      const reg = await db.transaction(async (tx) => {
        const historyId = await recordAttempt(tx, {
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
      return c.json(
        {
          data: {
            status: 'registration_required' as const,
            provider,
            accessToken: reg.accessToken,
            refreshToken: reg.refreshToken,
            requiresPostAuthFlow: false,
            user: null,
            registration: {
              email: who.email.toLowerCase(),
              ...(who.displayName && { displayName: who.displayName }),
              ...(isHttpUrl(who.avatarUrl) && { avatarUrl: who.avatarUrl }),
              ...(state.tenantId && { tenantId: state.tenantId }),
            },
          },
        },
        200,
      );
    }
    const { body: signed } = outcome;
    await recordAttempt(db, {
      userId: outcome.userId,
      tenantId: outcome.tenantId,
      provider,
      purpose: state.purpose,
      success: true,
      details: { status: 'authenticated', mfaPending: signed.mfaPending, ...(outcome.linkedByEmail && { linkedByEmail: true }) },
      ipAddress: ip,
      userAgent: ua,
    });
    setRefreshCookie(c, cfg, signed.tokens.refreshToken, false);
    return c.json(
      {
        data: {
          status: 'authenticated' as const,
          provider,
          accessToken: signed.tokens.accessToken,
          refreshToken: signed.tokens.refreshToken,
          requiresPostAuthFlow: signed.requiresPostAuthFlow,
          user: signed.user,
          registration: null,
        },
      },
      200,
    );
  });
