// What the tenant overview routes read: dashboard, onboarding info, developer configuration,
// translation coverage and entity counts. Each function starts all its reads at once, so they go
// to the database in one batch (with the caller check, see shared/read.ts).
import type { BaseContext } from '../../../context';
import { summary as syncSummary, translatableSources } from '../language-sync/language-sync.service';
import type { TenantRow } from '../admin/admin.model';
import * as q from './overview.queries';

export { registerCount } from './overview.queries';

const GB = 1024 ** 3;
/** Storage quota by plan when `settings.limits.max_storage_gb` is not set (-1: unlimited). */
const STORAGE_GB_BY_TYPE: Record<TenantRow['type'], number> = { system: -1, trial: 1, paid: 50, enterprise: 500 };

export function storageLimitBytes(t: TenantRow): number {
  const limits = t.settings.limits as { max_storage_gb?: unknown } | undefined;
  const gb = typeof limits?.max_storage_gb === 'number' ? limits.max_storage_gb : STORAGE_GB_BY_TYPE[t.type];
  return gb < 0 ? -1 : Math.round(gb * GB);
}

export async function dashboard(ctx: BaseContext, tenantId: string) {
  const [c, api, activity, sync] = await Promise.all([q.counts(ctx, tenantId), q.apiRequests30d(ctx, tenantId), q.recentActivity(ctx, tenantId), syncSummary(ctx, tenantId)]);
  return { ...c, api, activity, sync };
}

export const counts = (ctx: BaseContext, tenantId: string) => q.counts(ctx, tenantId);

export async function onboarding(ctx: BaseContext, tenantId: string) {
  const [owner, groups] = await Promise.all([q.owner(ctx, tenantId), q.tenantGroups(ctx, tenantId)]);
  return { owner, groups };
}

export async function developerConfig(ctx: BaseContext, tenantId: string) {
  const [owner, integrations, c] = await Promise.all([q.owner(ctx, tenantId), q.integrationCounts(ctx, tenantId), q.counts(ctx, tenantId)]);
  return { owner, integrations, counts: c.counts };
}

const KINDS = ['spaces', 'resources', 'categories', 'tags'] as const;

/** Per kind: entities and those with an additional-language translation, from the areas that own them. */
export async function translationCoverage(ctx: BaseContext, tenantId: string) {
  const sources = translatableSources();
  const results = await Promise.all(sources.map((s) => s.coverage(ctx, tenantId)));
  const out = Object.fromEntries(KINDS.map((k) => [k, { total: 0, translated: 0, percentage: 0 }])) as Record<(typeof KINDS)[number], { total: number; translated: number; percentage: number }>;
  sources.forEach((s, i) => {
    out[s.kind].total += results[i]!.total;
    out[s.kind].translated += results[i]!.translated;
  });
  for (const k of KINDS) out[k].percentage = out[k].total ? Math.round((100 * out[k].translated) / out[k].total) : 0;
  return out;
}
