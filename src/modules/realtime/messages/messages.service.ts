// Chat messages: send (stored, then pushed on the conversation's channel after commit), history
// (cursor pages, newest first), soft delete of one's own messages, mark all read (a receipt only
// when something was marked) and throttled typing indicators. Every push is a logged channel event.
import type { ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { CONVERSATION_ENTITY } from '../channels/channels.model';
import * as conversations from '../conversations/conversations.queries';
import { publish } from '../events/events.service';
import { decodeCursor, encodeCursor, TYPING_INTERVAL_SECONDS, type MessageRow } from './messages.model';
import * as q from './messages.queries';
import { toMessage } from './messages.views';

const channelOf = (conversationId: string) => ({ entityType: CONVERSATION_ENTITY, entityId: conversationId });

export async function send(ctx: ServiceContext, userId: string, conversationId: string, content: string): Promise<MessageRow> {
  if (!content.trim()) throw new ApiError('VALIDATION_ERROR', 'Invalid body: content', { location: 'body', fields: { content: ['Must contain more than white space'] } });
  const row = await q.insert(ctx, userId, conversationId, content);
  if (!row) throw notFound('Conversation');
  await publish(ctx, row.tenantId, channelOf(conversationId), 'message:new', toMessage(row), userId);
  ctx.audit({ action: 'chat_message.send', resourceType: 'chat_message', resourceId: row.id, details: { conversation_id: conversationId } });
  return row;
}

export interface HistoryQuery {
  limit: number;
  cursor?: string;
}

export async function history(ctx: ServiceContext, userId: string, conversationId: string, f: HistoryQuery) {
  const cursor = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
  if (f.cursor !== undefined && !cursor) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid cursor', { location: 'query', fields: { cursor: ['Use pagination.nextCursor of the previous page, or an ISO timestamp'] } });
  }
  // Both in one round trip: whether the caller takes part, and the page.
  const [conv, rows] = await Promise.all([conversations.find(ctx, userId, conversationId), q.page(ctx, userId, conversationId, f.limit, cursor)]);
  if (!conv) throw notFound('Conversation');
  const hasMore = rows.length > f.limit;
  const items = rows.slice(0, f.limit);
  return { items, hasMore, nextCursor: hasMore ? encodeCursor(items[items.length - 1]!) : null };
}

export async function remove(ctx: ServiceContext, userId: string, conversationId: string, messageId: string): Promise<void> {
  const m = await q.find(ctx, userId, conversationId, messageId);
  if (!m || m.deletedAt) throw notFound('Message');
  if (m.senderId !== userId) throw new ApiError('FORBIDDEN', 'Only the sender may delete a message', { reason: 'NOT_MESSAGE_AUTHOR' });
  const at = await q.softDelete(ctx, userId, conversationId, messageId);
  if (!at) throw notFound('Message');
  await publish(ctx, m.tenantId, channelOf(conversationId), 'message:deleted', { message_id: m.id, conversation_id: conversationId, sender_id: userId, deleted_at: at.toISOString() }, userId);
  ctx.audit({ action: 'chat_message.delete', resourceType: 'chat_message', resourceId: m.id, details: { conversation_id: conversationId } });
}

export async function markRead(ctx: ServiceContext, userId: string, conversationId: string): Promise<number> {
  const out = await q.markRead(ctx, userId, conversationId);
  if (!out) throw notFound('Conversation');
  if (out.ids.length) {
    await publish(ctx, ctx.tenantId!, channelOf(conversationId), 'message:read', { conversation_id: conversationId, reader_id: userId, message_ids: out.ids, marked_count: out.ids.length, read_at: out.at.toISOString() }, userId);
  }
  return out.ids.length;
}

export async function typing(ctx: ServiceContext, userId: string, conversationId: string): Promise<void> {
  if (!(await q.touchTyping(ctx, userId, conversationId, TYPING_INTERVAL_SECONDS))) {
    if (!(await conversations.find(ctx, userId, conversationId))) throw notFound('Conversation');
    throw new ApiError(
      'TOO_MANY_REQUESTS',
      `One typing indicator per ${TYPING_INTERVAL_SECONDS} seconds`,
      { reason: 'TYPING_THROTTLED', retryAfterSeconds: TYPING_INTERVAL_SECONDS, data: { sent: false } },
      { 'Retry-After': String(TYPING_INTERVAL_SECONDS) },
    );
  }
  await publish(ctx, ctx.tenantId!, channelOf(conversationId), 'typing:start', { conversation_id: conversationId, user_id: userId }, userId);
}
