// User handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { principal, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './users.routes';
import * as service from './users.service';
import { toUser, toUserContext } from './users.views';

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  // The page goes to the database with the caller check (one round trip, middleware/auth.ts).
  const { rows, total } = await service.listMembers(serviceContext(c), f);
  const p = await principal(c);
  return c.json({ data: rows.map((r) => toUser(r.user, p.tenantId)), pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + rows.length < total } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const body = c.req.valid('json');
  const p = await principal(c);
  return c.json({ data: toUser(await service.createUser(serviceContext(c), body), p.tenantId) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const { user } = await service.requireMember(serviceContext(c), id);
  const p = await principal(c);
  return c.json({ data: toUser(user, p.tenantId) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const p = await userPrincipal(c);
  return c.json({ data: toUser(await service.updateUser(serviceContext(c), p, id, body), p.tenantId) }, 200);
};

export const context: Handler<typeof routes.context> = async (c) => {
  const { id } = c.req.valid('param');
  const details = await service.userDetails(serviceContext(c), id);
  const p = await principal(c);
  return c.json({ data: toUserContext(details, p.tenantId) }, 200);
};

export const resetPassword: Handler<typeof routes.resetPassword> = async (c) => {
  const { id } = c.req.valid('param');
  const p = await userPrincipal(c);
  const password = await service.resetPassword(serviceContext(c), p, id);
  c.header('Cache-Control', 'no-store');
  return c.json({ data: { password } }, 200);
};
