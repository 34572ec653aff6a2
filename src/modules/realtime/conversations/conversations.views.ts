// The reference's Conversation, with the viewing participant's unread counter.
import type { ConversationView } from './conversations.model';

export const toConversation = ({ row: r, unread }: ConversationView) => ({
  id: r.id,
  tenantId: r.tenantId,
  participant_a: r.participantA,
  participant_b: r.participantB,
  last_message_at: r.lastMessageAt ? r.lastMessageAt.toISOString() : null,
  last_message_preview: r.lastMessagePreview,
  unread_count: unread,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});
