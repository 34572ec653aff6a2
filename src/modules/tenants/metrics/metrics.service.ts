// Tenant metrics: the live snapshot and quota warnings (users here, spaces/resources/storage through
// the usage registry, limits from the settings), the stored history, and the hourly job that writes
// today's row per tenant, the API calls gathered in the tenant counter objects, and monthly roll-ups.
import type { JobContext, ServiceContext } from '../../../context';
import { notFound } from '../../../lib/errors';
import { tenantLimits } from '../settings/limits';
import { usageOf, type UsageCount } from '../settings/usage';
import * as q from './metrics.queries';

const GIB = 1024 ** 3;
export const toGB = (bytes: number) => Math.round((bytes / GIB) * 1000) / 1000;

export interface Snapshot {
  tenantId: string;
  tenantName: string;
  users: UsageCount;
  spaces: UsageCount;
  resources: UsageCount;
  storageBytes: number;
}

async function usage(ctx: ServiceContext | JobContext, ids: readonly string[]) {
  const [users, spaces, resources, storage] = await Promise.all([q.userCounts(ctx, ids), usageOf(ctx, 'spaces', ids), usageOf(ctx, 'resources', ids), usageOf(ctx, 'storage', ids)]);
  const zero = { total: 0, active: 0 };
  return (id: string) => ({ users: users.get(id) ?? zero, spaces: spaces.get(id)!, resources: resources.get(id)!, storageBytes: storage.get(id)!.total });
}

export async function snapshot(ctx: ServiceContext): Promise<Snapshot> {
  const id = ctx.tenantId!;
  const [name, of] = await Promise.all([q.tenantName(ctx, id), usage(ctx, [id])]);
  if (name === undefined) throw notFound('Tenant');
  return { tenantId: id, tenantName: name, ...of(id) };
}

export interface QuotaWarning {
  resource: 'users' | 'spaces' | 'resources' | 'storage';
  current: number;
  limit: number;
  percentage: number;
  threshold: number;
  exceeded: boolean;
}

/** Resources at or above `threshold` percent of their limit (unlimited ones never warn). Storage in GB. */
export async function quotaWarnings(ctx: ServiceContext, threshold: number): Promise<QuotaWarning[]> {
  const [s, limits] = await Promise.all([snapshot(ctx), tenantLimits(ctx, ctx.tenantId!)]);
  const pairs: [QuotaWarning['resource'], number, number][] = [
    ['users', s.users.total, limits.max_users],
    ['spaces', s.spaces.total, limits.max_spaces],
    ['resources', s.resources.total, limits.max_resources],
    ['storage', toGB(s.storageBytes), limits.max_storage_gb],
  ];
  const out: QuotaWarning[] = [];
  for (const [resource, current, limit] of pairs) {
    if (limit < 0) continue;
    const pct = limit === 0 ? (current > 0 ? 100 : 0) : (current / limit) * 100;
    if (pct < threshold && !(limit === 0 && current > 0)) continue;
    out.push({ resource, current, limit, percentage: Math.min(100, Math.round(pct * 100) / 100), threshold, exceeded: current > limit || (limit > 0 && current >= limit) });
  }
  return out;
}

export const dailyHistory = (ctx: ServiceContext, days: number) => q.daily(ctx, ctx.tenantId!, days);
export const monthlyHistory = (ctx: ServiceContext, months: number) => q.monthly(ctx, ctx.tenantId!, months);

const BATCH = 200;
const day = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;

/** The hourly metrics run over every tenant, in pages. */
export async function computeMetrics(ctx: JobContext): Promise<Record<string, number>> {
  const now = new Date();
  const today = day(now);
  const yesterday = day(new Date(now.getTime() - 86_400_000));
  const months = [...new Set([monthStart(now), monthStart(new Date(now.getTime() - 86_400_000))])];
  let after: string | null = null;
  let tenants = 0;
  for (;;) {
    const ids = await q.tenantIds(ctx, after, BATCH);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    tenants += ids.length;
    const of = await usage(ctx, ids);
    const calls = await Promise.all(ids.map(async (id) => [id, await counter(ctx, id).usage()] as const));
    await q.upsertDaily(
      ctx,
      ids.map((id) => {
        const u = of(id);
        return {
          tenantId: id,
          metricDate: today,
          usersTotal: u.users.total,
          usersActive: u.users.active,
          spacesTotal: u.spaces.total,
          spacesActive: u.spaces.active,
          resourcesTotal: u.resources.total,
          resourcesActive: u.resources.active,
          storageBytes: u.storageBytes,
          apiCalls: calls.find(([t]) => t === id)![1][today] ?? null,
        };
      }),
    );
    for (const [id, byDay] of calls) {
      for (const [d, n] of Object.entries(byDay)) if (d !== today) await q.setApiCalls(ctx, id, d, n);
      // Yesterday stays in the counter: late flushes of its last seconds still land in it.
      if (Object.keys(byDay).some((d) => d < yesterday)) await counter(ctx, id).pruneUsage(yesterday);
    }
    await q.rollUp(ctx, ids, months);
    if (ids.length < BATCH) break;
  }
  await q.prune(ctx);
  return { tenants };
}

const counter = (ctx: JobContext, tenantId: string) => ctx.env.RATE_COUNTER.get(ctx.env.RATE_COUNTER.idFromName(`usage:${tenantId}`));
