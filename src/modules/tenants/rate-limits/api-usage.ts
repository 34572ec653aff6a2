// API calls per tenant, and the daily quota (`limits.max_api_calls_per_day`) they are held to.
//
// Calls are gathered per isolate and added to the tenant's counter object (`usage:<tenant>`) at most
// every API_USAGE_FLUSH_MS, after the response; the metrics job moves them into Postgres. The flush
// answers the day's total across all isolates, so each isolate knows the tenant's usage as of its last
// flush plus what it counted since: the quota is checked with no I/O on the request's path. It can be
// passed by at most what other isolates counted within one flush interval; an evicted isolate loses
// at most that interval's counts.
import type { Context } from 'hono';
import type { Env } from '../../../context';
import type { AppEnv } from '../../../env';
import { ApiError } from '../../../lib/errors';
import { logError } from '../../../lib/log';

const MAX_TENANTS = 10_000;
const pending = new Map<string, number>();
const known = new Map<string, { day: string; total: number }>();
let lastFlush = 0;

const utcDay = () => new Date().toISOString().slice(0, 10);

/** The tenant's calls today as this isolate knows them. */
export function callsToday(tenantId: string): number {
  const k = known.get(tenantId);
  return (k?.day === utcDay() ? k.total : 0) + (pending.get(tenantId) ?? 0);
}

/** 429 once the tenant has used its daily quota (-1: unlimited); Retry-After runs to UTC midnight. */
export function assertDailyQuota(tenantId: string, max: number): void {
  if (max < 0) return;
  const used = callsToday(tenantId);
  if (used < max) return;
  const midnight = Date.parse(`${utcDay()}T00:00:00Z`) + 86_400_000;
  const retry = String(Math.max(1, Math.ceil((midnight - Date.now()) / 1000)));
  throw new ApiError(
    'TOO_MANY_REQUESTS',
    `The tenant's daily API quota is used up (${max} calls per UTC day); raise limits.max_api_calls_per_day or wait until midnight UTC`,
    { reason: 'DAILY_QUOTA_EXCEEDED', limit: max, current: used, retryAfter: Number(retry) },
    { 'Retry-After': retry, 'RateLimit-Limit': String(max), 'RateLimit-Remaining': '0', 'RateLimit-Reset': retry, 'RateLimit-Policy': `${max};w=86400` },
  );
}

/** Counts one call of the tenant; flushes this isolate's counts when the interval has passed. */
export function countCall(c: Context<AppEnv>, tenantId: string): void {
  pending.set(tenantId, (pending.get(tenantId) ?? 0) + 1);
  const every = Number(c.env.API_USAGE_FLUSH_MS ?? 1000);
  if (Date.now() - lastFlush < every) return;
  lastFlush = Date.now();
  const batch = [...pending];
  pending.clear();
  const day = utcDay();
  const env: Env = c.env;
  if (known.size > MAX_TENANTS) known.clear();
  c.executionCtx.waitUntil(
    Promise.all(
      batch.map(async ([t, n]) => {
        const total = await env.RATE_COUNTER.get(env.RATE_COUNTER.idFromName(`usage:${t}`)).addUsage(day, n);
        known.set(t, { day, total });
      }),
    ).catch((err) => logError('api usage flush', err)),
  );
}
