// Rate-limit handlers: resolve the target tenant, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { forTenant } from '../../../db/tenant';
import { serviceContext } from '../../../middleware/service-context';
import { readTarget, tenantTarget } from '../settings/target';
import type { RateLimitInput, RateLimitRow } from './rate-limits.model';
import type * as routes from './rate-limits.routes';
import * as service from './rate-limits.service';

const toLimit = (r: RateLimitRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  endpoint_pattern: r.endpointPattern,
  max_requests: r.maxRequests,
  window_seconds: r.windowSeconds,
  scope_type: r.scopeType,
  enabled: r.enabled,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
  created_by: r.createdBy,
});

function input(b: { endpoint_pattern?: string; max_requests?: number; window_seconds?: number; scope_type?: RateLimitInput['scopeType']; enabled?: boolean }): Partial<RateLimitInput> {
  const v: Partial<RateLimitInput> = {};
  if (b.endpoint_pattern !== undefined) v.endpointPattern = b.endpoint_pattern;
  if (b.max_requests !== undefined) v.maxRequests = b.max_requests;
  if (b.window_seconds !== undefined) v.windowSeconds = b.window_seconds;
  if (b.scope_type !== undefined) v.scopeType = b.scope_type;
  if (b.enabled !== undefined) v.enabled = b.enabled;
  return v;
}

export const list: Handler<typeof routes.list> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = serviceContext(c);
  const value = await service.listLimits(forTenant(ctx, id));
  const rows = await readTarget(ctx, id, value);
  return c.json({ data: rows.map(toLimit) }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { id, limitId } = c.req.valid('param');
  const ctx = serviceContext(c);
  const value = await service.getLimit(forTenant(ctx, id), limitId);
  const row = await readTarget(ctx, id, value);
  return c.json({ data: toLimit(row) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const ctx = await tenantTarget(serviceContext(c), c.req.valid('param').id);
  const row = await service.createLimit(ctx, input(c.req.valid('json')) as RateLimitInput);
  return c.json({ data: toLimit(row) }, 201);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const { id, limitId } = c.req.valid('param');
  const ctx = await tenantTarget(serviceContext(c), id);
  return c.json({ data: toLimit(await service.updateLimit(ctx, limitId, input(c.req.valid('json')))) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const { id, limitId } = c.req.valid('param');
  await service.deleteLimit(await tenantTarget(serviceContext(c), id), limitId);
  // The reference types the 204 as an empty JSON object; a 204 carries no body.
  return noContent(c) as never;
};
