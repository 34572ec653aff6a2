// Turns tokens into one normalized identity: verified id_token claims for OIDC providers,
// the profile APIs for GitHub and Facebook.
import { ApiError } from '../../lib/errors';
import type { ResolvedProvider } from './config';
import { requireConfigured } from './flow';
import { parseJson, providerFetch } from './http';
import { verifyIdToken } from './id-token';
import { SPECS } from './specs';
import type { OAuthConfig, OAuthIdentity, OAuthProvider, OAuthTokens } from './types';

export interface IdentityOptions {
  /** The nonce sent in the authorization request; the id_token must carry the same. */
  nonce?: string;
  /** Apple only: the `user` JSON Apple form-posts on the first sign-in (the only place the name appears). */
  appleUser?: string;
}

const s = (v: unknown) => (typeof v === 'string' && v ? v : null);

export async function fetchIdentity(
  provider: OAuthProvider,
  cfg: OAuthConfig,
  tokens: Pick<OAuthTokens, 'access_token' | 'id_token'>,
  opts: IdentityOptions = {},
): Promise<OAuthIdentity> {
  const p = requireConfigured(provider, cfg);
  if (provider === 'github') return github(p, tokens.access_token);
  if (provider === 'facebook') return facebook(p, tokens.access_token);
  if (!tokens.id_token)
    throw new ApiError('UNAUTHORIZED', `${SPECS[provider].name} returned no id_token`, { provider });
  const c = await verifyIdToken(p, tokens.id_token, opts.nonce);
  const base = {
    provider,
    subject: c.sub!,
    email: s(c.email),
    displayName: s(c.name),
    avatarUrl: s(c.picture),
    raw: c,
  };
  switch (provider) {
    case 'microsoft':
      // Microsoft's `email` is whatever the directory admin typed; only trust it when the
      // (optional) `xms_edov` / `email_verified` claim says the domain owner verified it.
      return { ...base, emailVerified: c.email_verified === true || c.xms_edov === true || c.xms_edov === '1' };
    case 'apple':
      // Apple sends email_verified as the string "true"; the name only via `appleUser`.
      return {
        ...base,
        displayName: appleName(opts.appleUser),
        emailVerified: c.email_verified === true || c.email_verified === 'true',
      };
    default:
      return { ...base, emailVerified: c.email_verified === true };
  }
}

function appleName(user: string | undefined): string | null {
  const name = user ? (parseJson(user)?.name as { firstName?: string; lastName?: string } | undefined) : undefined;
  const full = [name?.firstName, name?.lastName].filter(Boolean).join(' ');
  return full || null;
}

/** GET a JSON document. `missingOk`: a 403/404 means "not granted" and yields null. */
async function getJson(
  p: ResolvedProvider,
  operation: string,
  url: string,
  headers: Record<string, string>,
  missingOk = false,
): Promise<unknown> {
  const res = await providerFetch(
    { provider: p.provider, operation, timeoutMs: p.timeoutMs, requestId: p.requestId },
    url,
    { headers },
  );
  const name = SPECS[p.provider].name;
  if (missingOk && (res.status === 403 || res.status === 404)) return null;
  if (res.status === 401 || res.status === 403) {
    throw new ApiError('UNAUTHORIZED', `${name} rejected the access token (${operation})`, {
      provider: p.provider,
      operation,
    });
  }
  let body: unknown = null;
  try {
    if (res.status === 200) body = JSON.parse(res.text);
  } catch {
    /* handled below */
  }
  if (!body || typeof body !== 'object') {
    throw new ApiError('SERVICE_UNAVAILABLE', `${name} gave an unusable answer (${operation}, HTTP ${res.status})`, {
      provider: p.provider,
      operation,
    });
  }
  return body;
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

async function github(p: ResolvedProvider, accessToken: string): Promise<OAuthIdentity> {
  // GitHub's REST API refuses requests without a User-Agent.
  const headers = {
    authorization: `Bearer ${accessToken}`,
    accept: 'application/vnd.github+json',
    'user-agent': 'edge-platform-api',
    'x-github-api-version': '2022-11-28',
  };
  const user = (await getJson(p, 'user', p.endpoints.profile!, headers)) as Record<string, unknown>;
  // Without the user:email scope the list is refused; the identity then has no email.
  const list = await getJson(p, 'user_emails', p.endpoints.emails!, headers, true);
  const emails = (Array.isArray(list) ? list : []) as GitHubEmail[];
  const primary = emails.find((e) => e.primary && e.verified);
  return {
    provider: 'github',
    subject: String(user.id),
    email: primary?.email ?? null,
    emailVerified: !!primary,
    displayName: s(user.name) ?? s(user.login),
    avatarUrl: s(user.avatar_url),
    raw: { ...user, emails },
  };
}

async function facebook(p: ResolvedProvider, accessToken: string): Promise<OAuthIdentity> {
  const url = new URL(p.endpoints.profile!);
  url.searchParams.set('fields', 'id,name,email,picture');
  // appsecret_proof proves the call comes from the app's server (required when the app enables it).
  url.searchParams.set('appsecret_proof', await hmacHex(p.clientSecret ?? '', accessToken));
  const me = (await getJson(p, 'me', url.toString(), { authorization: `Bearer ${accessToken}` })) as Record<
    string,
    unknown
  >;
  const picture = (me.picture as { data?: { url?: string; is_silhouette?: boolean } } | undefined)?.data;
  return {
    provider: 'facebook',
    subject: String(me.id),
    email: s(me.email),
    // Graph does not say whether the address was confirmed: never link accounts on it.
    emailVerified: false,
    displayName: s(me.name),
    avatarUrl: picture && !picture.is_silhouette ? s(picture.url) : null,
    raw: me,
  };
}

async function hmacHex(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(data)));
  return [...sig].map((b) => b.toString(16).padStart(2, '0')).join('');
}
