// Move request handlers: the list goes with the caller check (one round trip; API keys and app
// accounts, whose permissions SQL cannot derive, are read again once loaded); decisions need a person.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { userPrincipal, withCaller } from '../../../middleware/auth';
import { propertyLimit } from '../../../lib/access-permissions';
import { serviceContext } from '../../../middleware/service-context';
import { reread } from '../resources/resources.service';
import { toResource } from '../resources/resources.views';
import type * as routes from './resource-moves.routes';
import * as service from './resource-moves.service';
import { toMove } from './resource-moves.views';

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const { p, value } = await withCaller(c, (as) => service.listMoves(ctx, { userId: as.userId, permissions: undefined }, f));
  const early = p.kind === 'user' && p.actorType === 'user';
  const rows = early ? value : await service.listMoves(ctx, { userId: p.kind === 'user' ? p.userId : undefined, permissions: p.permissions }, f);
  return c.json({ data: rows.map(toMove) }, 200);
};

export const move: Handler<typeof routes.move> = async (c) => {
  const m = await service.requestMove(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toMove(m) }, 201);
};

export const cancel: Handler<typeof routes.cancel> = async (c) => {
  await service.cancelMove(serviceContext(c), await userPrincipal(c), c.req.valid('param').id);
  return noContent(c);
};

export const approve: Handler<typeof routes.approve> = async (c) => {
  const m = await service.decideMove(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, true);
  return c.json({ data: toMove(m) }, 200);
};

export const reject: Handler<typeof routes.reject> = async (c) => {
  const m = await service.decideMove(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, false, c.req.valid('json').rejectionReason.trim());
  return c.json({ data: toMove(m) }, 200);
};

export const detach: Handler<typeof routes.detach> = async (c) => {
  const id = c.req.valid('param').id;
  const ctx = serviceContext(c);
  const p = await userPrincipal(c);
  await service.detach(ctx, p, id);
  const { resource, links } = await reread(ctx, p, id);
  return c.json({ data: toResource(propertyLimit(p), resource, links) }, 200);
};
