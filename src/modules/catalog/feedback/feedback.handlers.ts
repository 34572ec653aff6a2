// Feedback handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { userPrincipal, withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './feedback.routes';
import * as service from './feedback.service';
import { toRating, toReview } from './feedback.views';

export const submitRating: Handler<typeof routes.submitRating> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toRating(await service.submitRating(serviceContext(c), p, c.req.valid('json'))) }, 200);
};

export const updateRating: Handler<typeof routes.updateRating> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toRating(await service.updateRating(serviceContext(c), p, c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const deleteRating: Handler<typeof routes.deleteRating> = async (c) => {
  await service.deleteRating(serviceContext(c), await userPrincipal(c), c.req.valid('param').id);
  return noContent(c);
};

export const submitReview: Handler<typeof routes.submitReview> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toReview(await service.submitReview(serviceContext(c), p, c.req.valid('json'))) }, 200);
};

export const updateReview: Handler<typeof routes.updateReview> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toReview(await service.updateReview(serviceContext(c), p, c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const deleteReview: Handler<typeof routes.deleteReview> = async (c) => {
  await service.deleteReview(serviceContext(c), await userPrincipal(c), c.req.valid('param').id);
  return noContent(c);
};

export const flagReview: Handler<typeof routes.flagReview> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toReview(await service.flagReview(serviceContext(c), p, c.req.valid('param').id, c.req.valid('json').reason)) }, 200);
};

export const aggregates: Handler<typeof routes.aggregates> = async (c) => {
  const k = c.req.valid('param');
  const { rating_type } = c.req.valid('query');
  // Read with the caller check (one round trip).
  const a = await service.entityAggregates(serviceContext(c), k, rating_type);
  return c.json({ data: { entity_type: k.entityType, entity_id: k.entityId, rating_type, ...a } }, 200);
};

export const listRatings: Handler<typeof routes.listRatings> = async (c) => {
  const { value } = await withCaller(c, (as) => service.listRatings(serviceContext(c), as, c.req.valid('param'), c.req.valid('query')));
  return c.json({ data: value.map(toRating) }, 200);
};

export const listReviews: Handler<typeof routes.listReviews> = async (c) => {
  const { value } = await withCaller(c, (as) => service.listReviews(serviceContext(c), as, c.req.valid('param'), c.req.valid('query')));
  return c.json({ data: value.map(toReview) }, 200);
};
