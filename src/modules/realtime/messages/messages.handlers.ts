// Message handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { userPrincipal, withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './messages.routes';
import * as service from './messages.service';
import { toMessage } from './messages.views';

export const history: Handler<typeof routes.history> = async (c) => {
  const { id } = c.req.valid('param');
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  // usersOnly: an API key (no user id) is refused by the caller check.
  const { value } = await withCaller(c, (as) => service.history(ctx, as.userId ?? '00000000-0000-0000-0000-000000000000', id, f));
  return c.json({ data: value.items.map(toMessage), pagination: { hasMore: value.hasMore, nextCursor: value.nextCursor } }, 200);
};

export const send: Handler<typeof routes.send> = async (c) => {
  const p = await userPrincipal(c);
  const row = await service.send(serviceContext(c), p.userId, c.req.valid('param').id, c.req.valid('json').content);
  return c.json({ data: toMessage(row) }, 201);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const { id, msgId } = c.req.valid('param');
  const p = await userPrincipal(c);
  await service.remove(serviceContext(c), p.userId, id, msgId);
  return noContent(c);
};

export const read: Handler<typeof routes.read> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: { marked_count: await service.markRead(serviceContext(c), p.userId, c.req.valid('param').id) } }, 200);
};

export const typing: Handler<typeof routes.typing> = async (c) => {
  const p = await userPrincipal(c);
  await service.typing(serviceContext(c), p.userId, c.req.valid('param').id);
  return c.json({ data: { sent: true } }, 200);
};
