// Group handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type { GroupRow } from './groups.model';
import type * as routes from './groups.routes';
import * as service from './groups.service';

const toGroup = (g: GroupRow) => ({
  id: g.id,
  tenantId: g.tenantId,
  name: g.name,
  description: g.description,
  permissions: g.permissions,
  created_at: g.createdAt.toISOString(),
  updated_at: g.updatedAt.toISOString(),
});

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  // Reads go with the caller check (one round trip); the answer waits for it (middleware/auth.ts).
  const { rows, total } = await service.listGroups(serviceContext(c), f);
  return c.json({ data: rows.map(toGroup), pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + rows.length < total } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const body = c.req.valid('json');
  const p = await principal(c);
  return c.json({ data: toGroup(await service.createGroup(serviceContext(c), p, body)) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json({ data: toGroup(await service.requireGroup(serviceContext(c), id)) }, 200);
};

export const update: Handler<typeof routes.update> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const p = await principal(c);
  return c.json({ data: toGroup(await service.updateGroup(serviceContext(c), p, id, body)) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const { id } = c.req.valid('param');
  await principal(c);
  await service.deleteGroup(serviceContext(c), id);
  return noContent(c);
};

export const members: Handler<typeof routes.members> = async (c) => {
  const { id } = c.req.valid('param');
  const page = c.req.valid('query');
  const rows = await service.groupMembers(serviceContext(c), id, page);
  return c.json({ data: rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() })) }, 200);
};

export const addMember: Handler<typeof routes.addMember> = async (c) => {
  const { id } = c.req.valid('param');
  const { userId } = c.req.valid('json');
  const p = await principal(c);
  await service.addGroupMember(serviceContext(c), p, id, userId);
  return noContent(c);
};

export const removeMember: Handler<typeof routes.removeMember> = async (c) => {
  const { id, userId } = c.req.valid('param');
  await principal(c);
  await service.removeGroupMember(serviceContext(c), id, userId);
  return noContent(c);
};

export const userPermissions: Handler<typeof routes.userPermissions> = async (c) => {
  const { userId } = c.req.valid('param');
  return c.json({ data: await service.userPermissions(serviceContext(c), userId) }, 200);
};
