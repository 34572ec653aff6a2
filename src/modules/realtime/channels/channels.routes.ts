// Realtime channels service (/services/realtime/channels): the contract routes, who may call them,
// their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/realtime';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';
import { CHANNEL_TYPES } from './channels.model';

const params = idParam('Channel id');
const VISIBILITY =
  'People see broadcast channels (the whole tenant) and the peer and group channels they are members of; API keys (the tenant\'s integrations) see every channel of the tenant. Others\' and other tenants\' channels answer 404.';

export const listQuery = z.object({
  channel_type: z.enum(CHANNEL_TYPES).optional().openapi({ description: 'Only channels of this type' }),
  entity_type: z.string().min(1).max(1000).optional().openapi({ description: 'Only channels for this entity type' }),
  entity_id: z.uuid().optional().openapi({ description: 'Only channels for this entity' }),
  include_deleted: z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description: 'Include soft-deleted channels (default false)' }),
  ...limitOffsetQuery(100, 500),
});

export const list = contractRoute(contract.getServicesRealtimeChannels, {
  description: `Realtime channels of the tenant, newest first. Query: \`channel_type\`, \`entity_type\`, \`entity_id\`, \`include_deleted\`, \`limit\` 1..500 (default 100), \`offset\`. ${VISIBILITY} Every chat conversation has a peer channel (\`entity_type\` \`chat_conversation\`). Needs \`chat:read\`.`,
  request: { query: listQuery },
  auth: { permission: 'chat:read' },
});

export const create = contractRoute(contract.postServicesRealtimeChannels, {
  description:
    'Creates a channel; `channel_name` is server-generated (`<channel_type>:<id>`), the name a WebSocket subscribes to (see `/api/v1/public/realtime/ws`). ' +
    '`peer` and `group` channels name their members in `metadata.member_ids` (user ids of active members of the tenant; a peer channel exactly two, ' +
    'a group channel 1..1000, its creator added); `broadcast` channels reach every member of the tenant and take no `member_ids`. ' +
    'One live channel per `channel_type`, `entity_type` and `entity_id` (409 `CHANNEL_EXISTS`; a deleted one frees its slot). `entity_type` ' +
    '`chat_conversation` is reserved for conversations (422). The channel\'s first event is `channel:created` (seq 1). Needs `chat:write`.',
  auth: { permission: 'chat:write' },
  errors: [409, 422],
});

export const get = contractRoute(contract.getServicesRealtimeChannelsById, {
  description: `One channel, soft-deleted ones included (with \`deleted_at\`, \`deleted_by\`). ${VISIBILITY} Needs \`chat:read\`.`,
  request: { params },
  auth: { permission: 'chat:read' },
});

export const remove = contractRoute(contract.deleteServicesRealtimeChannelsById, {
  description:
    'Soft-deletes a channel: `deleted_at` and `deleted_by` are set, a `channel:deleted` event is its last, and its open sockets are closed (code 4404). ' +
    'By its creator, the tenant\'s owner or admin, or an API key with `chat:write` (others 403). A conversation\'s channel cannot be deleted (422). 204.',
  request: { params },
  auth: { permission: 'chat:write' },
});
