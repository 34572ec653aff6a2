// Conversation handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { userPrincipal, withCaller, type ReadAs } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './conversations.routes';
import * as service from './conversations.service';
import { toConversation } from './conversations.views';

// usersOnly routes: an API key is refused by the caller check before its answer leaves.
const me = (as: ReadAs) => as.userId ?? '00000000-0000-0000-0000-000000000000';

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const { value: { rows, total } } = await withCaller(c, (as) => service.list(ctx, me(as), f.limit, f.offset));
  return c.json({ data: rows.map(toConversation), pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + rows.length < total } }, 200);
};

export const start: Handler<typeof routes.start> = async (c) => {
  const p = await userPrincipal(c);
  const { view, created } = await service.start(serviceContext(c), p.userId, c.req.valid('json').participant_id);
  return created ? c.json({ data: toConversation(view) }, 201) : c.json({ data: toConversation(view) }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.get(ctx, me(as), id));
  return c.json({ data: toConversation(value) }, 200);
};

export const channel: Handler<typeof routes.channel> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.channel(ctx, me(as), id));
  return c.json({ data: { channel_name: value, conversation_id: id } }, 200);
};

export const unreadCount: Handler<typeof routes.unreadCount> = async (c) => {
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.unreadCounts(ctx, me(as)));
  return c.json({ data: value }, 200);
};
