// Info tag handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './info-tags.routes';
import * as service from './info-tags.service';
import { requestedLocale, toInfoTag } from './info-tags.views';

export const publicList: Handler<typeof routes.publicList> = async (c) => {
  const { keys, locale } = c.req.valid('query');
  const rows = await service.publicTags(serviceContext(c), keys);
  const lang = requestedLocale(locale, c.req.header('accept-language'));
  return c.json({ data: rows.map((r) => toInfoTag(r, lang)), total: rows.length, limit: keys.length, offset: 0 }, 200);
};

export const publicGet: Handler<typeof routes.publicGet> = async (c) => {
  const row = await service.publicTag(serviceContext(c), c.req.valid('param').key);
  return c.json({ data: toInfoTag(row, requestedLocale(c.req.valid('query').locale, c.req.header('accept-language'))) }, 200);
};

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  // Read with the caller check (one round trip): the tenant the credentials name is known early.
  const { rows, total } = await service.listTags(serviceContext(c), f);
  return c.json({ data: rows.map((r) => toInfoTag(r)), total, limit: f.limit, offset: f.offset }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toInfoTag(await service.getTag(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const p = await userPrincipal(c);
  return c.json({ data: toInfoTag(await service.createTag(serviceContext(c), p.userId, c.req.valid('json'))) }, 201);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  await userPrincipal(c);
  return c.json({ data: toInfoTag(await service.updateTag(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const p = await userPrincipal(c);
  await service.deleteTag(serviceContext(c), p.userId, c.req.valid('param').id);
  return noContent(c);
};
