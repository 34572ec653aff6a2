// The OAuth vocabulary shared by routes, handlers and the services (no ORM for their importers).
import type { TenantAuthConfig } from '../../../db/schema/accounts';
import type { oauthRegistrations, oauthStates } from '../../../db/schema/accounts';
import type { OAuthIdentity, OAuthProvider } from '../../../providers/oauth';

export const CLIENT_TYPES = ['web', 'extension', 'desktop', 'mobile'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const STATE_TTL_MS = 10 * 60_000;
export const REGISTRATION_TTL_SECONDS = 15 * 60;

export const PROVIDER_INFO: Record<OAuthProvider, { name: string; icon: string; nativeMobile: boolean }> = {
  google: { name: 'Google', icon: 'google', nativeMobile: true },
  microsoft: { name: 'Microsoft', icon: 'microsoft', nativeMobile: false },
  apple: { name: 'Apple', icon: 'apple', nativeMobile: true },
  facebook: { name: 'Facebook', icon: 'facebook', nativeMobile: true },
  github: { name: 'GitHub', icon: 'github', nativeMobile: false },
};

export interface OAuthTenant {
  id: string;
  name: string;
  status: string;
  authConfig: TenantAuthConfig;
  settings: Record<string, unknown>;
}

export type StateRow = typeof oauthStates.$inferSelect;
export type RegistrationRow = typeof oauthRegistrations.$inferSelect;

/** A state to store for a sign-in (`login`) or for linking a provider to a signed-in account (`link`). */
export interface NewState {
  purpose: 'login' | 'link';
  provider: OAuthProvider;
  clientType: ClientType;
  redirectUrl: string;
  tenantId: string | null;
  userId: string | null;
  ipAddress: string | null;
}

export interface HistoryEntry {
  userId: string | null;
  tenantId: string | null;
  provider: string;
  purpose: string;
  success: boolean;
  error?: string | null;
  details?: Record<string, unknown>;
  ipAddress: string | null;
  userAgent: string | null;
}

/** A provider identity that shared an email address. */
export type IdentityWithEmail = OAuthIdentity & { email: string };

/** True for an absolute http(s) URL (what the reference's `z.url()` fields accept). */
export function isHttpUrl(v: string | null | undefined): v is string {
  if (!v) return false;
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}
