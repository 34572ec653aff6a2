// Tenant settings by category: the per-category schemas (the reference's own, from the contract),
// the defaults by tenant type, and how the `security` category maps onto tenants.auth_config.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/tenants';
import { DEFAULT_AUTH_CONFIG, type TenantAuthConfig } from '../../../db/schema/accounts';
import { SETTINGS_CATEGORIES, type SettingsCategory } from '../../../db/schema/tenant-config';

export { SETTINGS_CATEGORIES, type SettingsCategory };
export type TenantType = 'system' | 'trial' | 'paid' | 'enterprise';
export type Settings = Record<string, unknown>;
export type AllSettings = Record<SettingsCategory, Settings>;
/** The categories as the reference types them (every value checked against CATEGORY_SCHEMAS when written). */
export type AllSettingsView = z.infer<(typeof contract.getSecureTenantsByIdSettings.responses)[200]>['data'];

/** The reference's schema of each category (GET /tenants/{id}/settings): a PATCH result must satisfy it. */
export const CATEGORY_SCHEMAS = contract.getSecureTenantsByIdSettings.responses[200].shape.data.shape;

export interface Limits {
  max_users: number;
  max_spaces: number;
  max_resources: number;
  max_storage_gb: number;
  max_api_calls_per_day: number;
}

const LIMITS: Record<TenantType, Limits> = {
  trial: { max_users: 50, max_spaces: 10, max_resources: 1000, max_storage_gb: 5, max_api_calls_per_day: 10_000 },
  paid: { max_users: 500, max_spaces: 100, max_resources: 50_000, max_storage_gb: 100, max_api_calls_per_day: 1_000_000 },
  enterprise: { max_users: -1, max_spaces: -1, max_resources: -1, max_storage_gb: 1000, max_api_calls_per_day: -1 },
  system: { max_users: -1, max_spaces: -1, max_resources: -1, max_storage_gb: -1, max_api_calls_per_day: -1 },
};

/** Limits are whole numbers ≥ 0, or -1 for unlimited (the reference only says `number`). */
export const limitValue = z.union([z.literal(-1), z.int().min(0).max(1_000_000_000_000)]);

export function defaultSettings(category: SettingsCategory, type: TenantType): Settings {
  switch (category) {
    case 'general':
      return { timezone: 'Europe/Zurich', locale: 'en-US', date_format: 'YYYY-MM-DD', time_format: '24h' };
    case 'limits':
      return { ...LIMITS[type] };
    case 'integrations':
      return {};
    case 'notifications':
      return { email_notifications: true, sms_notifications: false, webhook_url: null };
    case 'security':
      return { ...toSecurity(defaultAuthConfig(type)), allowed_cors_origins: [] };
  }
}

/** The system tenant takes new people by invitation only; every other tenant allows self-registration. */
export function defaultAuthConfig(type: TenantType): TenantAuthConfig {
  return type === 'system' ? { ...DEFAULT_AUTH_CONFIG, requireInvitation: true, allowSelfRegistration: false } : { ...DEFAULT_AUTH_CONFIG };
}

/** The sign-in rules as the `security` category names them. */
export function toSecurity(a: TenantAuthConfig): Settings {
  return {
    allowed_oauth_redirect_urls: a.allowedOAuthRedirectUrls,
    default_oauth_redirect_url: a.defaultOAuthRedirectUrl,
    oauth_providers_enabled: a.oauthProvidersEnabled,
    password_auth_enabled: a.passwordAuthEnabled,
    mfa_required: a.mfaRequired,
    require_invitation: a.requireInvitation,
    allow_self_registration: a.allowSelfRegistration,
  };
}

/** The `security` settings' sign-in rules as tenants.auth_config stores them (the accounts area reads that). */
export function toAuthConfig(s: Settings): TenantAuthConfig {
  return {
    allowedOAuthRedirectUrls: s.allowed_oauth_redirect_urls as string[],
    defaultOAuthRedirectUrl: (s.default_oauth_redirect_url as string | null) ?? null,
    oauthProvidersEnabled: s.oauth_providers_enabled as string[],
    passwordAuthEnabled: s.password_auth_enabled as boolean,
    mfaRequired: s.mfa_required as boolean,
    requireInvitation: s.require_invitation as boolean,
    allowSelfRegistration: s.allow_self_registration as boolean,
  };
}

/** Keys of the `security` category kept in tenant_settings (not sign-in rules). */
export const SECURITY_LOCAL_KEYS = ['allowed_cors_origins'] as const;

export interface SettingsRow {
  id: string;
  category: SettingsCategory;
  settings: Settings;
  createdAt: Date;
  updatedAt: Date;
}

export interface TenantSettingsState {
  tenantId: string;
  type: TenantType;
  authConfig: TenantAuthConfig;
  rows: SettingsRow[];
}

export interface HistoryEntry {
  id: string;
  tenantId: string;
  category: SettingsCategory;
  settingsBefore: Settings | null;
  settingsAfter: Settings;
  changedBy: string | null;
  changedAt: Date;
  changeReason: string | null;
  ipAddress: string | null;
}
