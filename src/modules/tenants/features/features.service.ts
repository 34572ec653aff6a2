// Tenant features: the catalog (lib/features.ts) with each tenant's state. Rules of a change, checked
// on the state after all the changes of one request (a bulk update is all or nothing):
// - a feature can be on only while its dependencies are on (422 DEPENDENCY_DISABLED), so turning
//   off a feature others depend on is refused (422 REQUIRED_BY: turn those off in the same request);
// - premium features need a paid or enterprise tenant (403 PLAN_REQUIRED; the system tenant too).
// Each change is audited with its reason; guarded routes follow on the next request (the state
// travels with the caller check).
import type { ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { FEATURE_CATALOG, featureDefinition, featureEnabled, type FeatureDefinition } from '../../../lib/features';
import * as q from './features.queries';

export interface FeatureState {
  key: string;
  enabled: boolean;
  config: Record<string, unknown>;
  definition: FeatureDefinition;
}

export interface FeatureUpdate {
  feature_key: string;
  enabled: boolean;
  config?: Record<string, unknown>;
  changed_reason?: string;
}

const PREMIUM_TYPES = new Set(['paid', 'enterprise', 'system']);

async function state(ctx: ServiceContext): Promise<{ type: string; rows: q.FeatureRow[] }> {
  const s = await q.load(ctx, ctx.tenantId!);
  if (!s) throw notFound('Tenant');
  return s;
}

function view(rows: q.FeatureRow[]): FeatureState[] {
  const overrides = Object.fromEntries(rows.map((r) => [r.featureKey, r.enabled]));
  return FEATURE_CATALOG.map((d) => ({ key: d.key, enabled: featureEnabled(d.key, overrides), config: rows.find((r) => r.featureKey === d.key)?.config ?? {}, definition: d }));
}

export const listFeatures = async (ctx: ServiceContext) => view((await state(ctx)).rows);

export async function getFeature(ctx: ServiceContext, key: string): Promise<FeatureState> {
  const f = (await listFeatures(ctx)).find((x) => x.key === key);
  if (!f) throw notFound('Feature');
  return f;
}

export async function updateFeatures(ctx: ServiceContext, updates: FeatureUpdate[]): Promise<FeatureState[]> {
  const seen = new Set<string>();
  for (const u of updates) {
    if (!featureDefinition(u.feature_key)) throw new ApiError('UNPROCESSABLE_ENTITY', `Unknown feature ${u.feature_key}`, { reason: 'UNKNOWN_FEATURE', feature: u.feature_key });
    if (seen.has(u.feature_key)) throw new ApiError('VALIDATION_ERROR', `Feature ${u.feature_key} is given twice`, { location: 'body', fields: { updates: [`${u.feature_key} is given twice`] } });
    seen.add(u.feature_key);
  }
  await q.lockTenant(ctx, ctx.tenantId!);
  const s = await state(ctx);
  const before = Object.fromEntries(view(s.rows).map((f) => [f.key, f.enabled]));
  const after = { ...before, ...Object.fromEntries(updates.map((u) => [u.feature_key, u.enabled])) };
  for (const u of updates) {
    const d = featureDefinition(u.feature_key)!;
    if (u.enabled && !before[d.key] && d.category === 'premium' && !PREMIUM_TYPES.has(s.type)) {
      throw new ApiError('FORBIDDEN', `${d.name} is a premium feature: upgrade the tenant to paid or enterprise`, { reason: 'PLAN_REQUIRED', feature: d.key });
    }
  }
  for (const d of FEATURE_CATALOG) {
    if (!after[d.key]) continue;
    const missing = d.dependencies.filter((dep) => !after[dep]);
    if (missing.length === 0) continue;
    const turnedOff = missing.filter((m) => seen.has(m));
    if (turnedOff.length && !seen.has(d.key)) {
      throw new ApiError('UNPROCESSABLE_ENTITY', `${turnedOff.join(', ')} cannot be disabled while ${d.key} depends on it`, { reason: 'REQUIRED_BY', feature: turnedOff[0], dependents: [d.key] });
    }
    throw new ApiError('UNPROCESSABLE_ENTITY', `${d.key} needs ${missing.join(', ')} enabled first`, { reason: 'DEPENDENCY_DISABLED', feature: d.key, missing });
  }
  const p = await ctx.principal();
  await q.upsert(
    ctx,
    updates.map((u) => ({
      tenantId: ctx.tenantId!,
      featureKey: u.feature_key,
      enabled: u.enabled,
      config: u.config ?? s.rows.find((r) => r.featureKey === u.feature_key)?.config ?? {},
      changedBy: p.kind === 'user' ? p.userId : null,
      changedReason: u.changed_reason ?? null,
    })),
  );
  // One audit entry per request: every change with its previous state and reason.
  const changes = updates.map((u) => ({ feature: u.feature_key, enabled: u.enabled, previous: before[u.feature_key], reason: u.changed_reason ?? null }));
  ctx.audit({
    action: updates.length === 1 ? (updates[0]!.enabled ? 'feature.enable' : 'feature.disable') : 'feature.bulk_update',
    resourceType: 'feature',
    resourceId: updates.length === 1 ? updates[0]!.feature_key : null,
    details: { changes },
  });
  const all = await listFeatures(ctx);
  return updates.map((u) => all.find((f) => f.key === u.feature_key)!);
}
