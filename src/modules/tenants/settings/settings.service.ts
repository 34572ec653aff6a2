// Tenant settings: five categories, each the tenant's stored values merged over the defaults of its
// type, validated against the reference's schema of the category plus the rules it states in prose.
// Every change (PATCH or reset) writes a history entry (before, after, actor, IP) and the audit log
// in the request's transaction. The `security` category's sign-in rules are tenants.auth_config, the
// same record sign-in, registration, invitations, MFA and OAuth read: a change applies to the next sign-in.
import type { ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { fieldPath, invalidFields } from '../../../lib/validation';
import {
  CATEGORY_SCHEMAS,
  defaultAuthConfig,
  defaultSettings,
  limitValue,
  SECURITY_LOCAL_KEYS,
  SETTINGS_CATEGORIES,
  toAuthConfig,
  toSecurity,
  type AllSettings,
  type Settings,
  type SettingsCategory,
  type SettingsRow,
  type TenantSettingsState,
  type TenantType,
} from './settings.model';
import * as q from './settings.queries';
import { forgetLimits } from '../rate-limits/rate-limits.cache';
import { rememberSettingsOrigins } from '../../access/security/policy/policy.cache';

/** A category as the tenant sees it: stored values over the defaults of its type. */
export function effective(state: TenantSettingsState, category: SettingsCategory): Settings {
  const stored = state.rows.find((r) => r.category === category)?.settings ?? {};
  const base = defaultSettings(category, state.type);
  if (category !== 'security') return { ...base, ...stored };
  const local = Object.fromEntries(SECURITY_LOCAL_KEYS.map((k) => [k, stored[k] ?? base[k]]));
  return { ...toSecurity({ ...defaultAuthConfig(state.type), ...state.authConfig }), ...local };
}

export const allSettings = (state: TenantSettingsState): AllSettings =>
  Object.fromEntries(SETTINGS_CATEGORIES.map((c) => [c, effective(state, c)])) as AllSettings;

export async function loadState(ctx: ServiceContext, category?: SettingsCategory): Promise<TenantSettingsState> {
  const state = await q.loadState(ctx, ctx.tenantId!, category);
  if (!state) throw notFound('Tenant');
  return state;
}

export interface CategoryView {
  row: SettingsRow | undefined;
  tenantId: string;
  category: SettingsCategory;
  settings: Settings;
}

export const history = (ctx: ServiceContext, f: { category?: SettingsCategory; limit: number; offset: number }) => q.history(ctx, ctx.tenantId!, f);

export const categoryView = (state: TenantSettingsState, category: SettingsCategory): CategoryView => ({
  row: state.rows.find((r) => r.category === category),
  tenantId: state.tenantId,
  category,
  settings: effective(state, category),
});

const SECRET_KEY = /(secret|password|passwd|api_?key|token|private_?key)$/i;

/** The category's schema, and the rules the reference states in prose; field → messages. */
function check(category: SettingsCategory, s: Settings): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (path: string, msg: string) => (fields[path] ??= []).push(msg);
  const parsed = CATEGORY_SCHEMAS[category].safeParse(s);
  if (!parsed.success) for (const i of parsed.error.issues) add(fieldPath(i.path), i.message);
  if (category === 'limits') {
    for (const [k, v] of Object.entries(s)) if (!limitValue.safeParse(v).success) add(k, 'A whole number ≥ 0, or -1 for unlimited');
  }
  if (category === 'security') {
    const allowed = (s.allowed_oauth_redirect_urls as string[] | undefined) ?? [];
    const def = s.default_oauth_redirect_url as string | null | undefined;
    if (def && !allowed.includes(def)) add('default_oauth_redirect_url', 'Must be one of allowed_oauth_redirect_urls');
    if (s.require_invitation === s.allow_self_registration) add('allow_self_registration', 'Must be the opposite of require_invitation');
  }
  if (category === 'integrations') {
    // Secrets belong in a vault (api_key_vault_id), never in the settings JSON anyone with tenant:read can see.
    for (const [name, integ] of Object.entries(s)) {
      const config = (integ as { config?: Record<string, unknown> } | null)?.config ?? {};
      for (const key of Object.keys(config)) if (SECRET_KEY.test(key)) add(`${name}.config.${key}`, 'Secrets are not stored in settings: reference them with api_key_vault_id');
    }
  }
  return fields;
}

/** `require_invitation` and `allow_self_registration` are one rule: changing one alone flips the other. */
function pairInvitationRule(patch: Settings): Settings {
  const out = { ...patch };
  if (typeof out.require_invitation === 'boolean' && out.allow_self_registration === undefined) out.allow_self_registration = !out.require_invitation;
  if (typeof out.allow_self_registration === 'boolean' && out.require_invitation === undefined) out.require_invitation = !out.allow_self_registration;
  return out;
}

async function write(ctx: ServiceContext, state: TenantSettingsState, category: SettingsCategory, next: Settings, reason: string | null): Promise<CategoryView> {
  const fields = check(category, next);
  if (Object.keys(fields).length) throw invalidFields('body', Object.fromEntries(Object.entries(fields).map(([k, v]) => [`settings.${k}`, v])));
  const before = state.rows.find((r) => r.category === category) ? effective(state, category) : null;
  let stored = next;
  if (category === 'security') {
    await q.setAuthConfig(ctx, state.tenantId, toAuthConfig(next));
    stored = Object.fromEntries(SECURITY_LOCAL_KEYS.map((k) => [k, next[k]]));
  }
  const row = await q.upsertCategory(ctx, state.tenantId, category, stored);
  const p = await ctx.principal();
  await q.insertHistory(ctx, {
    tenantId: state.tenantId,
    category,
    settingsBefore: before,
    settingsAfter: next,
    changedBy: p.kind === 'user' ? p.userId : null,
    changeReason: reason,
    ipAddress: ctx.ip,
  });
  // This isolate's copy of the daily API quota follows a change at once (others within the cache's TTL).
  if (category === 'limits') ctx.afterCommit(async () => forgetLimits(state.tenantId));
  // The response headers of this isolate follow a changed CORS allow-list at once.
  if (category === 'security') ctx.afterCommit(async () => rememberSettingsOrigins(state.tenantId, (next.allowed_cors_origins as string[] | undefined) ?? []));
  ctx.audit({ action: 'tenant_settings.update', resourceType: 'tenant_settings', resourceId: row.id, details: { tenantId: state.tenantId, category, reason } });
  return { row, tenantId: state.tenantId, category, settings: next };
}

/** Merges `patch` over the category (top-level keys; an integration is replaced as a whole). */
export async function patchCategory(ctx: ServiceContext, category: SettingsCategory, patch: Settings): Promise<CategoryView> {
  if (Object.keys(patch).length === 0) throw invalidFields('body', { settings: ['Give at least one setting'] });
  await q.lockTenant(ctx, ctx.tenantId!);
  const state = await loadState(ctx);
  const merged = { ...effective(state, category), ...(category === 'security' ? pairInvitationRule(patch) : patch) };
  return write(ctx, state, category, merged, null);
}

/** Replaces the category with the defaults of `type` (default: the tenant's own type). */
export async function resetCategory(ctx: ServiceContext, category: SettingsCategory, type: TenantType | undefined): Promise<CategoryView> {
  await q.lockTenant(ctx, ctx.tenantId!);
  const state = await loadState(ctx);
  const template = type ?? state.type;
  if (state.type === 'system' && type && type !== 'system') throw new ApiError('UNPROCESSABLE_ENTITY', 'The system tenant keeps its own defaults', { reason: 'SYSTEM_TENANT' });
  return write(ctx, state, category, defaultSettings(category, template), `reset to ${template} defaults`);
}
