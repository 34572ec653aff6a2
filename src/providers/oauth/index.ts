/**
 * OAuth 2.0 / OpenID Connect client adapter for google, microsoft, apple, facebook, github.
 * Workers-compatible (fetch, WebCrypto, jose); no routes, no storage.
 *
 * A sign-in flow on top of it:
 *   const cfg = { env: c.env, tenant: tenantSettings.oauth };        // tenant credentials win
 *   if (!isProviderConfigured('google', cfg)) → hide the provider
 *   const { verifier, challenge } = await createPkce();
 *   const state = randomState(), nonce = randomNonce();               // store all three with the
 *   const url = buildAuthorizationUrl('google', cfg,                  // state row (single use,
 *     { redirectUri, state, codeChallenge: challenge, nonce });       // expiring); redirect to url
 *   …provider redirects to redirectUri?code&state (Apple: form POST with code, state, user)…
 *   const tokens = await exchangeCode('google', cfg, { code, redirectUri, codeVerifier: verifier });
 *   const who = await fetchIdentity('google', cfg, tokens, { nonce }); // { provider, subject, … }
 *
 * Key identities on (provider, subject); use `email` to link accounts only when `emailVerified`.
 * Errors are ApiError: BAD_REQUEST (not configured, code/verifier/redirect rejected),
 * UNAUTHORIZED (id_token or access token rejected), SERVICE_UNAVAILABLE (provider unreachable,
 * > timeoutMs, or nonsense answer), INTERNAL_ERROR (our client credentials rejected).
 * Every provider call logs `{msg:'provider call', provider, operation, status, durationMs, error}`.
 *
 * Configuration (env, see src/env.ts): OAUTH_<P>_CLIENT_ID / _CLIENT_SECRET, APPLE_TEAM_ID,
 * APPLE_KEY_ID, APPLE_PRIVATE_KEY, OAUTH_MICROSOFT_TENANT, OAUTH_TIMEOUT_MS, and
 * OAUTH_<P>_BASE_URL to point a provider at a compatible server (the local IdP in tests).
 */
export { appleClientSecret } from './apple';
export { isProviderConfigured, resolveProvider, type ResolvedProvider } from './config';
export { buildAuthorizationUrl, exchangeCode, type AuthorizationRequest, type CodeExchange } from './flow';
export { fetchIdentity, type IdentityOptions } from './identity';
export { createPkce, pkceChallenge, randomNonce, randomState } from './pkce';
export { SPECS, type ProviderSpec } from './specs';
export * from './types';
