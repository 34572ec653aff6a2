// Rate-limit configurations of a tenant: validated, audited, and applied by the middleware
// (rate-limits.middleware.ts) from the next request on in this isolate, within
// SECURITY_CACHE_SECONDS in the others.
import type { ServiceContext } from '../../../context';
import { notFound } from '../../../lib/errors';
import { invalidFields } from '../../../lib/validation';
import { forgetLimits } from './rate-limits.cache';
import { MAX_REQUESTS, MAX_WINDOW_SECONDS, type RateLimitInput, type RateLimitRow } from './rate-limits.model';
import * as q from './rate-limits.queries';

/** Patterns are paths (`/api/v1/secure/users*`, `*` any characters) or `*` for every route. */
const PATTERN = /^(\*|\/[A-Za-z0-9_\-./*{}~%]*)$/;

function check(v: Partial<RateLimitInput>): void {
  const fields: Record<string, string[]> = {};
  if (v.endpointPattern !== undefined && !PATTERN.test(v.endpointPattern)) fields.endpoint_pattern = ['A path starting with / (`*` matches any characters), or `*`'];
  if (v.maxRequests !== undefined && (!Number.isInteger(v.maxRequests) || v.maxRequests > MAX_REQUESTS)) fields.max_requests = [`A whole number 1..${MAX_REQUESTS}`];
  if (v.windowSeconds !== undefined && (!Number.isInteger(v.windowSeconds) || v.windowSeconds > MAX_WINDOW_SECONDS)) fields.window_seconds = [`A whole number of seconds 1..${MAX_WINDOW_SECONDS}`];
  if (Object.keys(fields).length) throw invalidFields('body', fields);
}

const tenant = (ctx: ServiceContext) => ctx.tenantId!;
const changed = (ctx: ServiceContext) => ctx.afterCommit(async () => forgetLimits(tenant(ctx)));

export const listLimits = (ctx: ServiceContext) => q.list(ctx, tenant(ctx));

export async function getLimit(ctx: ServiceContext, id: string): Promise<RateLimitRow> {
  const row = await q.find(ctx, tenant(ctx), id);
  if (!row) throw notFound('Rate limit configuration');
  return row;
}

export async function createLimit(ctx: ServiceContext, v: RateLimitInput): Promise<RateLimitRow> {
  check(v);
  const p = await ctx.principal();
  const row = await q.insert(ctx, tenant(ctx), v, p.kind === 'user' ? p.userId : null);
  ctx.audit({ action: 'rate_limit.create', resourceType: 'rate_limit', resourceId: row.id, details: { ...v } });
  changed(ctx);
  return row;
}

export async function updateLimit(ctx: ServiceContext, id: string, v: Partial<RateLimitInput>): Promise<RateLimitRow> {
  if (Object.keys(v).length === 0) throw invalidFields('body', { '(root)': ['Give at least one property'] });
  check(v);
  const row = await q.update(ctx, tenant(ctx), id, v);
  if (!row) throw notFound('Rate limit configuration');
  ctx.audit({ action: 'rate_limit.update', resourceType: 'rate_limit', resourceId: id, details: { ...v } });
  changed(ctx);
  return row;
}

export async function deleteLimit(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.remove(ctx, tenant(ctx), id))) throw notFound('Rate limit configuration');
  ctx.audit({ action: 'rate_limit.delete', resourceType: 'rate_limit', resourceId: id });
  changed(ctx);
}
