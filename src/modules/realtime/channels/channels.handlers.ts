// Realtime channel handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal, withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './channels.routes';
import * as service from './channels.service';
import { toChannel } from './channels.views';

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.listChannels(ctx, as.userId, f));
  return c.json({ data: value.map(toChannel) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const p = await principal(c);
  return c.json({ data: toChannel(await service.createChannel(serviceContext(c), p, c.req.valid('json'))) }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.getChannel(ctx, as.userId, id));
  return c.json({ data: toChannel(value) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteChannel(serviceContext(c), await principal(c), c.req.valid('param').id);
  return noContent(c);
};
