// The reference's Message. A deleted message keeps its row but no longer shows its text.
import type { MessageRow } from './messages.model';

export const toMessage = (m: MessageRow) => ({
  id: m.id,
  tenantId: m.tenantId,
  conversation_id: m.conversationId,
  sender_id: m.senderId,
  content: m.deletedAt ? '' : m.content,
  sent_at: m.sentAt.toISOString(),
  read_at: m.readAt ? m.readAt.toISOString() : null,
  deleted_at: m.deletedAt ? m.deletedAt.toISOString() : null,
});
