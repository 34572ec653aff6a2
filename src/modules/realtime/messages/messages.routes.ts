// Chat messages (/secure/chat/conversations/{id}/messages, /read, /typing): the contract routes,
// who may call them, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/realtime';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';
import { TYPING_INTERVAL_SECONDS } from './messages.model';

const params = idParam('Conversation id');
const PARTICIPANT = 'Only the conversation\'s two participants (others, and other tenants: 404). For signed-in people (API keys: 403).';
const write = { permission: 'chat:write', usersOnly: true } as const;

export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: 'Page size, 1..100 (default 50)' }),
  cursor: z.string().max(200).optional().openapi({ description: '`pagination.nextCursor` of the previous page (or an ISO timestamp: messages before it)' }),
});

export const history = contractRoute(contract.getSecureChatConversationsByIdMessages, {
  description:
    'Message history, newest first, in pages: `pagination.nextCursor` (the last message\'s `sent_at` and id, so messages with equal timestamps ' +
    'are neither skipped nor repeated) fetches the next older page; `null` at the end. Deleted messages stay in place with `deleted_at` and empty ' +
    `\`content\`. Needs \`chat:read\`. ${PARTICIPANT}`,
  request: { params, query: historyQuery },
  auth: { permission: 'chat:read', usersOnly: true },
});

export const send = contractRoute(contract.postSecureChatConversationsByIdMessages, {
  description:
    'Sends a message (1..4000 characters, not only white space): stored, the other participant\'s unread counter raised in the same transaction, ' +
    `then pushed on the conversation's channel as \`message:new\` (with its \`seq\`) once committed. Needs \`chat:write\`. ${PARTICIPANT}`,
  request: { params },
  auth: write,
});

export const remove = contractRoute(contract.deleteSecureChatConversationsByIdMessagesByMsgId, {
  description:
    'Soft-deletes one of the caller\'s own messages (403 `NOT_MESSAGE_AUTHOR` for the other participant\'s; 404 when unknown or already deleted): ' +
    `the row stays with \`deleted_at\`, an unread one no longer counts as unread, and \`message:deleted\` is pushed on the channel. 204. ${PARTICIPANT}`,
  request: { params: params.extend({ msgId: z.uuid().openapi({ description: 'Message id' }) }) },
  auth: write,
});

export const read = contractRoute(contract.postSecureChatConversationsByIdRead, {
  description:
    'Marks every unread message the other participant sent as read; `marked_count` says how many. When it is above 0 a `message:read` receipt ' +
    `(message ids, reader, time) is pushed on the channel; nothing is pushed otherwise. Needs \`chat:write\`. ${PARTICIPANT}`,
  request: { params },
  auth: write,
});

export const typing = contractRoute(contract.postSecureChatConversationsByIdTyping, {
  description:
    `Pushes a \`typing:start\` event on the conversation's channel (\`{ sent: true }\`). At most one per user and conversation every ${TYPING_INTERVAL_SECONDS} seconds: ` +
    'more often answers 429 `TYPING_THROTTLED` with `Retry-After` and `details.data = { sent: false }`. Clients send it while the user types and ' +
    `treat it as expired after a few seconds without another. Needs \`chat:write\`. ${PARTICIPANT}`,
  request: { params },
  auth: write,
  errors: [429],
});
