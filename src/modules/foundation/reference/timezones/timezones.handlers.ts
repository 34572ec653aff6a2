// Time zone handlers.
import type { Handler } from '../../../../http/handler';
import type * as routes from './timezones.routes';
import * as service from './timezones.service';

export const list: Handler<typeof routes.list> = async (c) => {
  const q = c.req.valid('query');
  const { page, total } = service.listZones(q);
  return c.json({ data: { timezones: page, total, limit: q.limit, offset: q.offset } }, 200);
};

export const regions: Handler<typeof routes.regions> = async (c) => c.json({ data: service.regions() }, 200);

export const one: Handler<typeof routes.one> = async (c) => c.json({ data: service.getZone(c.req.valid('param').name) }, 200);
