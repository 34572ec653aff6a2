// The five providers as data: production endpoints, default scopes, and how each wants the
// client to authenticate at its token endpoint.
import type { OAuthProvider, ProviderEndpoints } from './types';

export interface ProviderSpec {
  name: string;
  /** OIDC: identity comes from a verified id_token. Otherwise from the profile API. */
  oidc: boolean;
  scopes: string[];
  /** `basic`: HTTP Basic header; `post`: client_id/client_secret in the form body. */
  tokenAuth: 'basic' | 'post';
  /** Production endpoints; `tenant` is the Microsoft directory tenant. */
  endpoints(tenant: string): ProviderEndpoints;
  /** Endpoints of an OAuth server at `base` with the generic layout the local IdP serves. */
  issuerAt?(base: string, tenant: string): string;
  /** Extra authorization-request parameters. */
  authParams?: Record<string, string>;
}

const MS_MULTI = new Set(['common', 'organizations', 'consumers']);
// For a multi-tenant app the issuer names the signing user's directory, so it is a template.
const msIssuer = (base: string, tenant: string) => `${base}/${MS_MULTI.has(tenant) ? '{tenantid}' : tenant}/v2.0`;
const GRAPH = 'https://graph.facebook.com/v19.0';

export const SPECS: Record<OAuthProvider, ProviderSpec> = {
  google: {
    name: 'Google',
    oidc: true,
    scopes: ['openid', 'email', 'profile'],
    tokenAuth: 'basic',
    endpoints: () => ({
      authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
      token: 'https://oauth2.googleapis.com/token',
      jwks: 'https://www.googleapis.com/oauth2/v3/certs',
      issuer: 'https://accounts.google.com',
    }),
  },
  microsoft: {
    name: 'Microsoft',
    oidc: true,
    scopes: ['openid', 'email', 'profile'],
    tokenAuth: 'post',
    endpoints: (tenant) => ({
      authorization: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
      token: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
      jwks: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
      issuer: msIssuer('https://login.microsoftonline.com', tenant),
    }),
    issuerAt: msIssuer,
  },
  apple: {
    name: 'Apple',
    oidc: true,
    scopes: ['name', 'email'],
    tokenAuth: 'post',
    endpoints: () => ({
      authorization: 'https://appleid.apple.com/auth/authorize',
      token: 'https://appleid.apple.com/auth/token',
      jwks: 'https://appleid.apple.com/auth/keys',
      issuer: 'https://appleid.apple.com',
    }),
    // Apple requires form_post whenever name or email is requested: the code (and, on the
    // first sign-in only, a `user` JSON with the name) arrive as a POST to the redirect URI.
    authParams: { response_mode: 'form_post' },
  },
  facebook: {
    name: 'Facebook',
    oidc: false,
    scopes: ['email', 'public_profile'],
    tokenAuth: 'post',
    endpoints: () => ({
      authorization: 'https://www.facebook.com/v19.0/dialog/oauth',
      token: `${GRAPH}/oauth/access_token`,
      profile: `${GRAPH}/me`,
    }),
  },
  github: {
    name: 'GitHub',
    oidc: false,
    scopes: ['read:user', 'user:email'],
    tokenAuth: 'post',
    endpoints: () => ({
      authorization: 'https://github.com/login/oauth/authorize',
      token: 'https://github.com/login/oauth/access_token',
      profile: 'https://api.github.com/user',
      emails: 'https://api.github.com/user/emails',
    }),
  },
};

/** The generic layout of an OAuth server at `base` (the local IdP, or a compatible proxy). */
export function endpointsAt(provider: OAuthProvider, base: string, tenant: string): ProviderEndpoints {
  const b = base.replace(/\/+$/, '');
  const spec = SPECS[provider];
  if (!spec.oidc) {
    const emails = provider === 'github' ? { emails: `${b}/user/emails` } : {};
    return {
      authorization: `${b}/authorize`,
      token: `${b}/token`,
      profile: `${b}/${provider === 'github' ? 'user' : 'me'}`,
      ...emails,
    };
  }
  return {
    authorization: `${b}/authorize`,
    token: `${b}/token`,
    jwks: `${b}/jwks`,
    issuer: spec.issuerAt ? spec.issuerAt(b, tenant) : b,
  };
}
