// What a tenant uses, by kind: users are counted here; spaces, resources and storage by the areas that
// own them, which register a source when they land (until then they count 0). The metrics job, the
// snapshot, the quota warnings and assertWithinLimit all read through this one registry.
import type { BaseContext } from '../../../context';
import { countMembers } from './settings.queries';

export type UsageKind = 'spaces' | 'resources' | 'storage';
/** `total` and `active` items; for storage both are bytes used. */
export interface UsageCount {
  total: number;
  active: number;
}
export type UsageSource = (ctx: BaseContext, tenantIds: readonly string[]) => Promise<Map<string, UsageCount>>;

const sources = new Map<UsageKind, UsageSource>();

/** Called once by the area that owns `kind` (e.g. the spaces module at import time). */
export function registerUsageSource(kind: UsageKind, source: UsageSource): void {
  sources.set(kind, source);
}

const ZERO: UsageCount = { total: 0, active: 0 };

/** Usage of `kind` for each tenant (0 when no area provides it yet). */
export async function usageOf(ctx: BaseContext, kind: UsageKind, tenantIds: readonly string[]): Promise<Map<string, UsageCount>> {
  const source = sources.get(kind);
  const found = source ? await source(ctx, tenantIds) : new Map<string, UsageCount>();
  return new Map(tenantIds.map((id) => [id, found.get(id) ?? ZERO]));
}

export async function currentUsage(ctx: BaseContext, tenantId: string, kind: UsageKind | 'users'): Promise<number> {
  if (kind === 'users') return countMembers(ctx, tenantId);
  return (await usageOf(ctx, kind, [tenantId])).get(tenantId)!.total;
}
