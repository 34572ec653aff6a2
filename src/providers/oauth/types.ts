// Shared types of the OAuth/OIDC client adapter. See index.ts for the API overview.
import type { Env } from '../../env';

export const OAUTH_PROVIDERS = ['google', 'microsoft', 'apple', 'facebook', 'github'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

/** Every URL the adapter may call for one provider. */
export interface ProviderEndpoints {
  authorization: string;
  token: string;
  /** OIDC providers: where the id_token signing keys live. */
  jwks?: string;
  /** OIDC providers: expected `iss`. `{tenantid}` is replaced by the token's `tid` (Microsoft multi-tenant). */
  issuer?: string;
  /** Non-OIDC providers: the profile API (GitHub `/user`, Facebook Graph `/me`). */
  profile?: string;
  /** GitHub: `/user/emails`, read for the primary verified address. */
  emails?: string;
}

/** Credentials and knobs one tenant may set for one provider. Credentials are taken as a unit. */
export interface ProviderSettings {
  clientId?: string;
  clientSecret?: string;
  /** Apple: the team id, key id and PKCS#8 PEM of the Sign in with Apple key (client_secret is a JWT). */
  appleTeamId?: string;
  appleKeyId?: string;
  applePrivateKey?: string;
  /** Microsoft: directory tenant (`common`, `organizations`, `consumers` or a tenant id). Default `common`. */
  microsoftTenant?: string;
  /** Replaces the provider's default scopes. */
  scopes?: string[];
}

export type TenantOAuthSettings = Partial<Record<OAuthProvider, ProviderSettings>>;

/** The OAUTH_* / APPLE_* variables of the Worker env (see src/env.ts); `c.env` fits. */
export type OAuthEnv = { [K in keyof Env as K extends `OAUTH_${string}` | `APPLE_${string}` ? K : never]?: Env[K] };

/**
 * What every adapter function takes as `cfg`: the platform's env, optionally a tenant's
 * settings (which win for credentials and scopes) and platform-only endpoint overrides
 * (never from tenant settings: a tenant must not aim our server at arbitrary URLs).
 */
export interface OAuthConfig {
  env?: OAuthEnv;
  tenant?: TenantOAuthSettings;
  endpoints?: Partial<Record<OAuthProvider, Partial<ProviderEndpoints>>>;
  /** Per-call timeout in ms. Default `OAUTH_TIMEOUT_MS` or 10000. */
  timeoutMs?: number;
  /** The caller's request id, carried into the provider-call log lines. */
  requestId?: string;
}

/** The token endpoint's answer, named as RFC 6749 names it. */
export interface OAuthTokens {
  access_token: string;
  token_type: string;
  id_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

/** A signed-in person as every provider is reduced to. `raw` is the verified claims or profile. */
export interface OAuthIdentity {
  provider: OAuthProvider;
  /** The provider's stable user id (`sub`, GitHub/Facebook `id`). Key identities on (provider, subject). */
  subject: string;
  email: string | null;
  /** True only when the provider vouches for the address; never link accounts by an unverified email. */
  emailVerified: boolean;
  displayName: string | null;
  avatarUrl: string | null;
  raw: Record<string, unknown>;
}
