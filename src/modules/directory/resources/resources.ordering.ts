// Order, promotion and visit metrics of a resource: each a change of one row by a caller who may
// manage it (track: anyone who may see it), in the request's transaction or after the response.
import type { Principal, ServiceContext } from '../../../context';
import type { Database } from '../../../db/client';
import { resources } from '../../../db/schema/resources';
import { checkPromotion, promotionSet, resetSet } from '../shared/directory.rules';
import { countVisit, orderTop as orderTopQuery } from '../shared/ordering.queries';
import type { PromotionInput, ResourceRow } from './resources.model';
import * as q from './resources.queries';
import { assertWritable, callerOf, resourceNotFound } from './resources.rules';
import { lockManageable } from './resources.service';

/** The next highest customOrder of the tenant (serialized per tenant: concurrent calls never tie). */
export async function orderTop(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  await lockManageable(ctx, p, id);
  assertWritable(p, ['customOrder']);
  const customOrder = await orderTopQuery(ctx, resources, 'resources-order', id);
  ctx.audit({ action: 'resource.order_top', resourceType: 'resource', resourceId: id, details: { customOrder } });
}

/** Sets or (promotionType None) clears the promotion and its window. */
export async function setPromotion(ctx: ServiceContext, p: Principal, id: string, body: PromotionInput): Promise<void> {
  checkPromotion(body);
  await lockManageable(ctx, p, id);
  assertWritable(p, Object.keys(body));
  await q.updateResource(ctx, id, promotionSet(body));
  ctx.audit({ action: 'resource.promotion', resourceType: 'resource', resourceId: id, details: { ...body } });
}

/** Zeroes the visit counter and records who reset it, when and why. */
export async function resetVisits(ctx: ServiceContext, p: Principal, id: string, reason: string | null): Promise<ResourceRow> {
  await lockManageable(ctx, p, id);
  const row = await q.updateResource(ctx, id, resetSet(p, reason));
  ctx.audit({ action: 'resource.visit_metrics.reset', resourceType: 'resource', resourceId: id, details: { reason } });
  return row;
}

/** The resource a visit is tracked for (404 when the caller may not see it). */
export async function visitable(ctx: ServiceContext, p: Principal, id: string): Promise<ResourceRow> {
  const found = await q.findResource(ctx, callerOf(p), id);
  if (!found) throw resourceNotFound(id);
  return found.row;
}

/** One visit of the caller, counted atomically after the response (never making the client wait). */
export function visitTask(tenantId: string, id: string, p: Principal) {
  return (db: Database) => countVisit(db, resources, tenantId, id, { type: p.actorType, id: p.actorId });
}
