// Missed realtime events (/services/realtime/events/missed): the same per-tenant log the channel
// sockets resume from, with the reference's wildcard pattern filter.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/realtime';
import { contractRoute } from '../../../http/route';
import { EVENT_TYPES } from './events.model';

export const missedQuery = z.object({
  pattern: z.string().max(100).optional().openapi({ description: 'Event types to return: exact (`message:new`) or with `*` wildcards (`message:*`, `*:deleted`, `*`; default `*`)' }),
  channel: z.string().min(1).max(200).optional().openapi({ description: 'Only this channel (its `channel_name`)' }),
  after_seq: z.coerce.number().int().min(0).optional().openapi({ description: 'With `channel`: only events after this sequence number (what a reconnecting client last saw)' }),
  since: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Only events after this time (default: the last 24 hours, unless `after_seq` is given)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200).openapi({ description: 'At most this many events, 1..1000 (default 200); oldest first' }),
});

export const missed = contractRoute(contract.getServicesRealtimeEventsMissed, {
  description:
    'Catch-up after a reconnect: events of the channels the caller may see (people: broadcast channels and the peer and group channels they are ' +
    'members of; API keys: every channel of the tenant), oldest first. Each event\'s `data` carries its `channel` and per-channel `seq` with its payload; ' +
    '`channel` + `after_seq` returns exactly the events a client missed on one channel (sequences are gapless). Pattern wildcards: `user:*`, `*:deleted`, `*`. ' +
    `Event types: ${EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}. Needs \`chat:read\`.`,
  request: { query: missedQuery },
  auth: { permission: 'chat:read' },
});
