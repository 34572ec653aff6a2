// The WebSocket upgrade: token and channel checked here, then the socket is handed to the channel object.
import type { Handler } from '../../../http/handler';
import { ApiError } from '../../../lib/errors';
import { forTenant } from '../../../db/tenant';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './socket.routes';
import * as service from './socket.service';

export const socket: Handler<typeof routes.socket> = async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ApiError('BAD_REQUEST', 'Expected a WebSocket upgrade (Upgrade: websocket)', { reason: 'UPGRADE_REQUIRED' });
  const { token, channel, after_seq } = c.req.valid('query');
  const ctx = serviceContext(c);
  const claims = await service.verifyToken(ctx, token);
  const sub = await service.authorize(forTenant(ctx, claims.tid), claims, channel);
  // The 101 answer (with its socket) comes from the channel's Durable Object as it is.
  return (await service.connect(ctx, c.req.raw, sub, after_seq)) as never;
};
