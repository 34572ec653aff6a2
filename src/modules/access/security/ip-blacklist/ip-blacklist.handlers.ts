// IP blacklist handlers: entries as the reference shapes them.
import type { Handler } from '../../../../http/handler';
import { noContent } from '../../../../http/route';
import { principal, userPrincipal } from '../../../../middleware/auth';
import { serviceContext } from '../../../../middleware/service-context';
import type { BlacklistEntry } from './ip-blacklist.model';
import type * as routes from './ip-blacklist.routes';
import * as service from './ip-blacklist.service';

const toApi = (e: BlacklistEntry) => ({
  id: e.id,
  ip_address: e.ipAddress,
  reason: e.reason,
  blocked_at: e.blockedAt.toISOString(),
  expires_at: e.expiresAt?.toISOString() ?? null,
  auto_blocked: e.autoBlocked,
  failed_attempts: e.failedAttempts,
  created_at: e.createdAt.toISOString(),
  created_by: e.createdBy,
});

export const list: Handler<typeof routes.list> = async (c) => {
  const { rows, total } = await service.listEntries(serviceContext(c), c.req.valid('query'));
  return c.json({ data: { entries: rows.map(toApi), total } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toApi(await service.blockIp(serviceContext(c), p.userId, c.req.valid('json'))) }, 201);
};

export const one: Handler<typeof routes.one> = async (c) => {
  return c.json({ data: toApi(await service.getEntry(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const update: Handler<typeof routes.update> = async (c) => {
  await principal(c);
  return c.json({ data: toApi(await service.updateEntry(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const p = await userPrincipal(c);
  await service.unblock(serviceContext(c), p.userId, c.req.valid('param').id);
  return noContent(c);
};
