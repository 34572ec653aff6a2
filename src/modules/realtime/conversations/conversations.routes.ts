// Chat conversations (/secure/chat/conversations, /secure/chat/unread-count): the contract routes,
// who may call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/realtime';
import { contractRoute } from '../../../http/route';
import { idParam, limitOffsetQuery } from '../../../lib/pagination';

const params = idParam('Conversation id');
const PARTICIPANT = 'Only its two participants see a conversation (others, and other tenants, get 404). For signed-in people (API keys: 403).';
const read = { permission: 'chat:read', usersOnly: true } as const;

export const list = contractRoute(contract.getSecureChatConversations, {
  description: `The caller's conversations, most recently active first (last message, else creation), each with the caller's own \`unread_count\`. Query: \`limit\` 1..100 (default 20), \`offset\`. Needs \`chat:read\`. ${PARTICIPANT}`,
  request: { query: z.object(limitOffsetQuery(20, 100)) },
  auth: read,
});

export const start = contractRoute(contract.postSecureChatConversations, {
  description:
    'Starts a peer conversation with `participant_id` (an active member of the caller\'s tenant) or returns the existing one: one conversation per ' +
    'pair whichever of the two starts it, so 200 with the existing conversation, 201 with a new one (and its realtime peer channel). ' +
    'With oneself: 422 `SELF_CONVERSATION`; a user outside the tenant or unknown: 404. Needs `chat:write`.',
  auth: { permission: 'chat:write', usersOnly: true },
});

export const get = contractRoute(contract.getSecureChatConversationsById, {
  description: `One conversation with the caller's \`unread_count\`. Needs \`chat:read\`. ${PARTICIPANT}`,
  request: { params },
  auth: read,
});

export const channel = contractRoute(contract.getSecureChatConversationsByIdChannel, {
  description:
    'The realtime channel of a conversation: subscribe to `channel_name` on the WebSocket endpoint `/api/v1/public/realtime/ws` (URL and token from ' +
    '`/api/v1/secure/auth/client-config/realtime`). It carries `message:new`, `message:deleted`, `message:read` (receipts) and `typing:start` events, ' +
    `each with a per-channel \`seq\`, and presence. Needs \`chat:read\`. ${PARTICIPANT}`,
  request: { params },
  auth: read,
});

export const unreadCount = contractRoute(contract.getSecureChatUnreadCount, {
  description:
    'The caller\'s unread messages: `total_unread` and, per conversation with anything unread, its `unread_count` (conversations at 0 are left out). ' +
    'Counters are kept in the same transactions as sends, reads and deletes, so they are exact; one query for all conversations. Needs `chat:read`.',
  auth: read,
});
