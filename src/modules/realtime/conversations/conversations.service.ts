// Peer conversations: one per pair of users of a tenant, whoever starts it. Starting returns the
// existing one (200) or a new one with its realtime peer channel (201); never with oneself, never
// with someone outside the caller's tenant (404, as for an unknown user).
import type { ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { tenantOf } from '../../../db/tenant';
import { CONVERSATION_ENTITY } from '../channels/channels.model';
import * as channels from '../channels/channels.queries';
import { channelName } from '../events/events.model';
import { orderedPair, type ConversationView } from './conversations.model';
import * as q from './conversations.queries';

export async function start(ctx: ServiceContext, userId: string, otherId: string): Promise<{ view: ConversationView; created: boolean }> {
  if (otherId.toLowerCase() === userId) throw new ApiError('UNPROCESSABLE_ENTITY', 'A conversation needs two different people', { reason: 'SELF_CONVERSATION' });
  const [a, b] = orderedPair(userId, otherId.toLowerCase());
  const found = await q.pair(ctx, a, b, otherId.toLowerCase());
  if (!found.member) throw notFound('User');
  if (found.id) return { view: (await q.find(ctx, userId, found.id))!, created: false };
  const row = await q.insert(ctx, a, b);
  // The other side started it at the same moment and committed first: theirs is the one.
  if (!row) return { view: { row: (await q.byPair(ctx, a, b))!, unread: 0 }, created: false };
  const id = crypto.randomUUID();
  await channels.insert(ctx, {
    id,
    tenantId: tenantOf(ctx),
    channelName: channelName('peer', id),
    channelType: 'peer',
    entityType: CONVERSATION_ENTITY,
    entityId: row.id,
    memberIds: [a, b],
    createdBy: userId,
  });
  ctx.audit({ action: 'chat_conversation.create', resourceType: 'chat_conversation', resourceId: row.id, details: { participant_id: otherId } });
  return { view: { row, unread: 0 }, created: true };
}

export const list = (ctx: ServiceContext, userId: string, limit: number, offset: number) => q.list(ctx, userId, limit, offset);

export async function get(ctx: ServiceContext, userId: string, id: string): Promise<ConversationView> {
  const v = await q.find(ctx, userId, id);
  if (!v) throw notFound('Conversation');
  return v;
}

export async function channel(ctx: ServiceContext, userId: string, id: string): Promise<string> {
  const name = await q.channelOf(ctx, userId, id);
  if (!name) throw notFound('Conversation');
  return name;
}

export async function unreadCounts(ctx: ServiceContext, userId: string) {
  const rows = await q.unread(ctx, userId);
  return { total_unread: rows.reduce((n, r) => n + r.unread, 0), conversations: rows.map((r) => ({ conversation_id: r.id, unread_count: r.unread })) };
}
