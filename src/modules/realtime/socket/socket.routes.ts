// The WebSocket endpoint (not part of the reference; our realtime service). Documented in
// /openapi.json so clients find it; the upgrade itself is answered by the channel's Durable Object.
import { createRoute, z } from '@hono/zod-openapi';
import { StandardErrorResponse } from '../../../lib/errors';
import { SOCKET_PATH } from './socket.service';

const error = (description: string) => ({ description, content: { 'application/json': { schema: StandardErrorResponse } } });

export const socketQuery = z.object({
  token: z.string().max(4000).optional().openapi({ description: 'Realtime token (`supabaseAnonKey` of `/api/v1/secure/auth/client-config/realtime`), valid for 5 minutes; only needed to open the socket' }),
  channel: z.string().min(1).max(200).openapi({ description: 'Channel to subscribe to: `channel_name` of `/secure/chat/conversations/{id}/channel` or of a realtime channel' }),
  after_seq: z.coerce.number().int().min(0).optional().openapi({ description: 'Resume: the last `seq` this client received on the channel; the events after it are sent first, then `caught_up`' }),
});

export const socket = createRoute({
  method: 'get',
  path: SOCKET_PATH,
  summary: 'Realtime WebSocket (subscribe to one channel)',
  tags: ['Realtime'],
  description:
    'Open with `Upgrade: websocket`, `?token=<realtime token>&channel=<channel_name>[&after_seq=<n>]` (browsers cannot send headers on a WebSocket, hence ' +
    'the short-lived token in the query; it names user and tenant and is checked before the channel\'s Durable Object is reached). A caller may ' +
    'subscribe to broadcast channels of their tenant and to peer or group channels they are a member of (403); another tenant\'s channel is 404. ' +
    'Server messages (JSON): `welcome` {channel, user_id, seq}, `presence_state` {users}, `presence` {event: join|leave, user_id}, ' +
    '`event` {id, channel, seq, event_type, data, created_at, created_by} with `seq` gapless per channel, `caught_up` {seq} after a resume (preceded by `resync` when the resume point is older than the log\'s 30-day retention). Send `ping` ' +
    'for `pong` (answered without waking the channel). After a drop or a deploy (which closes every socket), fetch a new token and reconnect with ' +
    '`after_seq` = the last `seq` received: the missed events come first, exactly once. A deleted channel closes its sockets with code 4404.',
  request: { query: socketQuery },
  responses: {
    101: { description: 'Switching protocols: the socket is open' },
    400: error('Invalid query, or not a WebSocket upgrade (`details.reason` UPGRADE_REQUIRED)'),
    401: error('Missing, invalid or expired realtime token'),
    403: error('Not a member of the channel or the tenant'),
    404: error('No such channel in the token\'s tenant'),
  },
});
