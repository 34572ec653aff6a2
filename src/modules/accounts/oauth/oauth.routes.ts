// Public OAuth routes: provider list, initiate (state + PKCE + provider URL), exchange, and
// register (a pending provider identity becomes an account). The contract routes, their
// parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';
import { OAUTH_PROVIDERS } from '../../../providers/oauth';

export const providers = contractRoute(contract.getPublicAuthProviders, {
  description:
    'The five providers, each `enabled` when the platform (OAUTH_* variables) or the tenant (`settings.oauth`) holds ' +
    "its credentials and the tenant's `oauthProvidersEnabled` lists it (an empty list: every configured provider). " +
    'The tenant is the `tenantId` query parameter, else the `X-Tenant-ID` header, else the tenant whose verified custom domain is the ' +
    'request\'s Host; without one the platform defaults ' +
    'apply and `tenantConfig` is omitted. 404 for an unknown or inactive tenant. `emailEnabled` is the tenant\'s ' +
    '`passwordAuthEnabled` (true by default). Only the client callback flow is offered (`server_callback` false).',
  request: { query: z.object({ tenantId: z.uuid().optional() }) },
});

export const initiate = contractRoute(contract.postPublicAuthOauthInitiate, {
  description:
    'Starts a sign-in: stores a server-issued state (single use, expires after 10 minutes, bound to provider, ' +
    'client type, tenant and redirectUrl) with a PKCE S256 verifier and an OIDC nonce, and returns the provider URL. ' +
    'The provider sends the browser back to `redirectUrl?code=…&state=<stateId>`; post both to ' +
    '`/public/auth/oauth/exchange` (`pveState` = the state). **redirectUrl** must equal (after URL normalisation) an ' +
    "entry of the tenant's `allowedOAuthRedirectUrls` (or, with no tenant or an empty list, of the platform's " +
    '`OAUTH_ALLOWED_REDIRECT_URLS`): 400 `REDIRECT_URL_NOT_ALLOWED` otherwise. Scheme rules per `clientType` (400 ' +
    'VALIDATION_ERROR): web → https:// (http:// only for localhost, 127.0.0.1, [::1]); extension → chrome-extension://; ' +
    'desktop and mobile → app:// or a reverse-DNS private-use scheme (`com.example.app:/cb`), desktop also loopback http://. ' +
    'The tenant is `tenantId`, else `X-Tenant-ID` (404 when unknown), else the tenant whose verified custom domain is the Host. 400 `PROVIDER_NOT_ENABLED` when the provider is ' +
    'not configured or not enabled for the tenant.',
});

export const exchange = contractRoute(contract.postPublicAuthOauthExchange, {
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

export const register = contractRoute(contract.postPublicAuthOauthRegister, {
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
