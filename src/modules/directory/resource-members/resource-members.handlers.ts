// Resource member handlers: the reference's snake_case membership shape.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCaller } from '../resources/resources.handlers';
import type * as routes from './resource-members.routes';
import * as service from './resource-members.service';

export const list: Handler<typeof routes.list> = async (c) => {
  const id = c.req.valid('param').id;
  const ctx = serviceContext(c);
  const { value } = await asCaller(c, (caller) => service.listMembers(ctx, caller, id));
  return c.json({ data: value.map((m) => ({ user_id: m.userId, email: m.email, role: m.role, created_at: m.createdAt.toISOString() })) }, 200);
};

export const add: Handler<typeof routes.add> = async (c) => {
  await service.addMembers(serviceContext(c), await principal(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: null }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const { id, userId } = c.req.valid('param');
  await service.removeMember(serviceContext(c), await principal(c), id, userId);
  return noContent(c);
};
