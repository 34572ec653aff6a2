// The two legs of the authorization-code flow: the URL the browser goes to, and the
// back-channel exchange of the returned code (with the PKCE verifier) for tokens.
import { ApiError } from '../../lib/errors';
import { appleClientSecret } from './apple';
import { resolveProvider, isProviderConfigured, type ResolvedProvider } from './config';
import { parseJson, providerFetch } from './http';
import { SPECS } from './specs';
import type { OAuthConfig, OAuthProvider, OAuthTokens } from './types';

export interface AuthorizationRequest {
  /** Must be registered with the provider exactly as sent here and again at exchange. */
  redirectUri: string;
  state: string;
  /** `createPkce().challenge`; always S256. */
  codeChallenge: string;
  /** OIDC providers: bound into the id_token and checked by `fetchIdentity`. */
  nonce?: string;
  /** Replaces configured/default scopes. */
  scopes?: string[];
  /** E.g. `{ login_hint, prompt }`; cannot override the parameters above. */
  extraParams?: Record<string, string>;
}

export function requireConfigured(provider: OAuthProvider, cfg: OAuthConfig): ResolvedProvider {
  if (!isProviderConfigured(provider, cfg)) {
    throw new ApiError('BAD_REQUEST', `Sign-in with ${SPECS[provider].name} is not configured`, { provider });
  }
  return resolveProvider(provider, cfg);
}

export function buildAuthorizationUrl(provider: OAuthProvider, cfg: OAuthConfig, req: AuthorizationRequest): string {
  const p = requireConfigured(provider, cfg);
  const spec = SPECS[provider];
  const url = new URL(p.endpoints.authorization);
  const params: Record<string, string> = {
    ...req.extraParams,
    ...spec.authParams,
    client_id: p.clientId,
    redirect_uri: req.redirectUri,
    response_type: 'code',
    scope: (req.scopes ?? p.scopes).join(' '),
    state: req.state,
    code_challenge: req.codeChallenge,
    code_challenge_method: 'S256',
  };
  if (req.nonce && spec.oidc) params.nonce = req.nonce;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

export async function exchangeCode(provider: OAuthProvider, cfg: OAuthConfig, req: CodeExchange): Promise<OAuthTokens> {
  const p = requireConfigured(provider, cfg);
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: req.code,
    redirect_uri: req.redirectUri,
    code_verifier: req.codeVerifier,
  });
  // GitHub answers form-encoded unless asked for JSON; everyone else ignores the header.
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const secret = p.apple ? await appleClientSecret({ ...p.apple, clientId: p.clientId }) : (p.clientSecret ?? '');
  if (SPECS[provider].tokenAuth === 'basic') {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${btoa(`${enc(p.clientId)}:${enc(secret)}`)}`;
  } else {
    form.set('client_id', p.clientId);
    form.set('client_secret', secret);
  }
  const ctx = { provider, operation: 'token', timeoutMs: p.timeoutMs, requestId: p.requestId };
  const res = await providerFetch(ctx, p.endpoints.token, { method: 'POST', headers, body: form.toString() });
  return parseTokenResponse(provider, res.status, parseJson(res.text));
}

// Codes meaning "this code/verifier/redirect is no good" (GitHub has its own names).
const CLIENT_FAULT = new Set(['invalid_client', 'unauthorized_client', 'incorrect_client_credentials']);

function parseTokenResponse(
  provider: OAuthProvider,
  status: number,
  body: Record<string, unknown> | null,
): OAuthTokens {
  const name = SPECS[provider].name;
  // GitHub reports errors with HTTP 200 and an `error` field, so check the body first.
  // Facebook's `error` is an object `{ message, type, code }` instead of RFC 6749's string.
  const fb = body?.error && typeof body.error === 'object' ? (body.error as { message?: string; type?: string }) : null;
  const error = typeof body?.error === 'string' ? body.error : fb ? (fb.type ?? 'oauth_error') : null;
  if (error || (status >= 400 && status < 500)) {
    const code = error ?? `http_${status}`;
    const description = typeof body?.error_description === 'string' ? body.error_description : (fb?.message ?? null);
    const details = { provider, providerError: code, providerMessage: description };
    if (CLIENT_FAULT.has(code))
      throw new ApiError('INTERNAL_ERROR', `${name} rejected this application's client credentials`, details);
    throw new ApiError('BAD_REQUEST', `${name} rejected the authorization code (${code})`, details);
  }
  if (status !== 200 || !body || typeof body.access_token !== 'string') {
    throw new ApiError('SERVICE_UNAVAILABLE', `${name} token endpoint gave an unusable answer (HTTP ${status})`, {
      provider,
    });
  }
  const opt = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
  const expires = Number(body.expires_in);
  return {
    access_token: body.access_token,
    token_type: opt('token_type') ?? 'bearer',
    id_token: opt('id_token'),
    refresh_token: opt('refresh_token'),
    expires_in: Number.isFinite(expires) && body.expires_in !== undefined ? expires : undefined,
    scope: opt('scope'),
  };
}
