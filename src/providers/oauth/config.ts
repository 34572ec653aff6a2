// Resolves one provider's effective settings from env vars, tenant settings and overrides.
import { SPECS, endpointsAt } from './specs';
import type { OAuthConfig, OAuthProvider, ProviderEndpoints, ProviderSettings } from './types';

export interface ResolvedProvider {
  provider: OAuthProvider;
  clientId: string;
  /** Static secret (all but Apple, whose secret is minted per request from the apple* fields). */
  clientSecret: string | null;
  apple: { teamId: string; keyId: string; privateKey: string } | null;
  microsoftTenant: string;
  scopes: string[];
  endpoints: ProviderEndpoints;
  timeoutMs: number;
  requestId: string | null;
  /** Where the settings came from, for logs: `tenant` or `env`. */
  source: 'tenant' | 'env';
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function envSettings(provider: OAuthProvider, env: Record<string, unknown>): ProviderSettings {
  const P = `OAUTH_${provider.toUpperCase()}_`;
  return {
    clientId: str(env[`${P}CLIENT_ID`]),
    clientSecret: str(env[`${P}CLIENT_SECRET`]),
    appleTeamId: str(env.APPLE_TEAM_ID),
    appleKeyId: str(env.APPLE_KEY_ID),
    // Secrets set through wrangler often carry literal `\n`; PEM needs real newlines.
    applePrivateKey: str(env.APPLE_PRIVATE_KEY)?.replace(/\\n/g, '\n'),
    microsoftTenant: str(env.OAUTH_MICROSOFT_TENANT),
  };
}

export function resolveProvider(provider: OAuthProvider, cfg: OAuthConfig): ResolvedProvider {
  const env: Record<string, unknown> = { ...cfg.env };
  const tenant = cfg.tenant?.[provider];
  // A tenant's client id comes with that tenant's secret or key, never the platform's.
  const fromTenant = !!str(tenant?.clientId);
  const s: ProviderSettings = fromTenant ? (tenant as ProviderSettings) : envSettings(provider, env);
  const msTenant = str(s.microsoftTenant) ?? str(tenant?.microsoftTenant) ?? 'common';
  const base = str(env[`OAUTH_${provider.toUpperCase()}_BASE_URL`]);
  const endpoints = {
    ...(base ? endpointsAt(provider, base, msTenant) : SPECS[provider].endpoints(msTenant)),
    ...cfg.endpoints?.[provider],
  };
  const apple =
    provider === 'apple' && s.appleTeamId && s.appleKeyId && s.applePrivateKey
      ? { teamId: s.appleTeamId, keyId: s.appleKeyId, privateKey: s.applePrivateKey }
      : null;
  return {
    provider,
    clientId: str(s.clientId) ?? '',
    clientSecret: str(s.clientSecret) ?? null,
    apple,
    microsoftTenant: msTenant,
    scopes: tenant?.scopes?.length ? tenant.scopes : SPECS[provider].scopes,
    endpoints,
    timeoutMs: cfg.timeoutMs ?? (Number(env.OAUTH_TIMEOUT_MS) || 10_000),
    requestId: cfg.requestId ?? null,
    source: fromTenant ? 'tenant' : 'env',
  };
}

/** True when a client id and a way to authenticate the client (secret, or Apple key) are set. */
export function isProviderConfigured(provider: OAuthProvider, cfg: OAuthConfig): boolean {
  const r = resolveProvider(provider, cfg);
  return !!r.clientId && (provider === 'apple' ? !!r.apple : !!r.clientSecret);
}
