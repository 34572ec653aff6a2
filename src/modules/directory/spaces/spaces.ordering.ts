// Order, promotion and visit metrics of a space: each a change of one row by a caller who may
// manage it, in the request's transaction.
import type { Principal, ServiceContext } from '../../../context';
import type { Database } from '../../../db/client';
import type { PromotionInput, SpaceRow } from './spaces.model';
import * as q from './spaces.queries';
import { checkPromotion, promotionSet, resetSet } from '../shared/directory.rules';
import { countVisit, orderTop as orderTopQuery } from '../shared/ordering.queries';
import { spaces } from '../../../db/schema/spaces';
import { lockManageable } from './spaces.service';

/** The next highest customOrder of the tenant (serialized per tenant: concurrent calls never tie). */
export async function orderTop(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  await lockManageable(ctx, p, id);
  const customOrder = await orderTopQuery(ctx, spaces, 'spaces-order', id);
  ctx.audit({ action: 'space.order_top', resourceType: 'space', resourceId: id, details: { customOrder } });
}

/** Sets or (promotionType None) clears the promotion and its window. */
export async function setPromotion(ctx: ServiceContext, p: Principal, id: string, body: PromotionInput): Promise<SpaceRow> {
  checkPromotion(body);
  await lockManageable(ctx, p, id);
  const row = await q.updateSpace(ctx, id, promotionSet(body));
  ctx.audit({ action: 'space.promotion', resourceType: 'space', resourceId: id, details: { ...body } });
  return row;
}

/** Zeroes the visit counter and records who reset it, when and why. */
export async function resetVisits(ctx: ServiceContext, p: Principal, id: string, reason: string | null): Promise<SpaceRow> {
  await lockManageable(ctx, p, id);
  const row = await q.updateSpace(ctx, id, resetSet(p, reason));
  ctx.audit({ action: 'space.visit_metrics.reset', resourceType: 'space', resourceId: id, details: { reason } });
  return row;
}

/** A detail read counts one visit of the caller, after the response (never making the reader wait). */
export function visitTask(tenantId: string, id: string, p: Principal) {
  return (db: Database) => countVisit(db, spaces, tenantId, id, { type: p.actorType, id: p.actorId });
}
