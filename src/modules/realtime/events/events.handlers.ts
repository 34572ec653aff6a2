// Missed events handler: the log as the reference shapes it (`data` carries channel and seq).
import type { Handler } from '../../../http/handler';
import { withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './events.routes';
import * as service from './events.service';

export const missed: Handler<typeof routes.missed> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.missed(ctx, as.userId, f));
  return c.json(
    { data: value.map((e) => ({ id: e.id, event_type: e.event_type, data: { ...e.data, channel: e.channel, seq: e.seq }, created_at: e.created_at, created_by: e.created_by })) },
    200,
  );
};
