// OAuth configuration as a caller sees it: which providers a tenant offers, the adapter config
// (platform env + the tenant's own credentials) and the client callback URL rules.
import type { BaseContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { isProviderConfigured, type OAuthConfig, type OAuthProvider, type TenantOAuthSettings } from '../../../providers/oauth';
import { PROVIDER_INFO, type ClientType, type OAuthTenant } from './oauth.model';

/** A tenant's own provider credentials live in `tenants.settings.oauth` ({ google: { clientId, clientSecret } ... }). */
function tenantSettings(t: OAuthTenant | undefined): TenantOAuthSettings | undefined {
  const raw = t?.settings?.oauth;
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as TenantOAuthSettings) : undefined;
}

export function adapterConfig(ctx: BaseContext, tenant: OAuthTenant | undefined): OAuthConfig {
  return { env: ctx.env, tenant: tenantSettings(tenant), requestId: ctx.requestId };
}

/** Configured (env or tenant credentials) and, when the tenant lists providers, among them. */
export function providerEnabled(ctx: BaseContext, provider: OAuthProvider, tenant: OAuthTenant | undefined): boolean {
  if (!isProviderConfigured(provider, adapterConfig(ctx, tenant))) return false;
  const list = tenant?.authConfig.oauthProvidersEnabled ?? [];
  return list.length === 0 || list.includes(provider);
}

export function assertProviderEnabled(ctx: BaseContext, provider: OAuthProvider, tenant: OAuthTenant | undefined): void {
  if (!providerEnabled(ctx, provider, tenant)) {
    throw new ApiError('BAD_REQUEST', `Sign-in with ${PROVIDER_INFO[provider].name} is not enabled${tenant ? ' for this tenant' : ''}`, {
      reason: 'PROVIDER_NOT_ENABLED',
      provider,
    });
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'blob:', 'about:', 'vbscript:', 'ftp:', 'ws:', 'wss:']);

/**
 * Scheme rules per client type: web → https (http only for localhost/127.0.0.1/[::1]);
 * extension → chrome-extension://; desktop and mobile → app:// or a private-use scheme in
 * reverse-DNS form (RFC 8252 §7.1, e.g. com.example.app:/callback); desktop also a loopback http URL.
 */
export function checkRedirectScheme(url: URL, clientType: ClientType): string | null {
  const scheme = url.protocol;
  const loopback = scheme === 'http:' && LOOPBACK.has(url.hostname);
  switch (clientType) {
    case 'web':
      return scheme === 'https:' || loopback ? null : 'web clients must use an https:// callback (http:// only for localhost)';
    case 'extension':
      return scheme === 'chrome-extension:' && url.host ? null : 'extension clients must use a chrome-extension:// callback';
    case 'desktop':
    case 'mobile': {
      const custom = scheme === 'app:' || (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(scheme) && !FORBIDDEN_SCHEMES.has(scheme));
      if (custom || (clientType === 'desktop' && loopback)) return null;
      return `${clientType} clients must use an app:// or reverse-DNS custom-scheme callback${clientType === 'desktop' ? ' (or a loopback http:// URL)' : ''}`;
    }
  }
}

export function platformRedirects(ctx: BaseContext): string[] {
  return (ctx.env.OAUTH_ALLOWED_REDIRECT_URLS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const normalise = (u: string) => {
  try {
    return new URL(u).href;
  } catch {
    return null;
  }
};

/**
 * The callback URL must parse, follow the client type's scheme rules and equal (after URL
 * normalisation, query included) an entry of the tenant's `allowedOAuthRedirectUrls` — or of the
 * platform's OAUTH_ALLOWED_REDIRECT_URLS when no tenant is named or the tenant lists none.
 */
export function checkRedirectUrl(ctx: BaseContext, raw: string, clientType: ClientType, tenant: OAuthTenant | undefined): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields: { redirectUrl: ['Not a valid URL'] } });
  }
  if (url.hash) throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields: { redirectUrl: ['A callback URL must not carry a #fragment'] } });
  const schemeError = checkRedirectScheme(url, clientType);
  if (schemeError) throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields: { redirectUrl: [schemeError] } });
  const tenantList = tenant?.authConfig.allowedOAuthRedirectUrls ?? [];
  const allowed = (tenantList.length ? tenantList : platformRedirects(ctx)).map(normalise);
  if (!allowed.includes(url.href)) {
    throw new ApiError('BAD_REQUEST', 'redirectUrl is not in the allowed callback URLs', { reason: 'REDIRECT_URL_NOT_ALLOWED' });
  }
  return url.href;
}

/** Client type implied by a callback URL (link flows name none). */
export function clientTypeOf(url: string): ClientType {
  const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
  if (scheme === 'https:' || scheme === 'http:') return 'web';
  if (scheme === 'chrome-extension:') return 'extension';
  return 'desktop';
}
