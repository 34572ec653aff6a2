// Realtime channel types shared by the channel files.
export { CHANNEL_TYPES, type ChannelType } from '../../../db/schema/realtime';
import type { realtimeChannels } from '../../../db/schema/realtime';

export type ChannelRow = typeof realtimeChannels.$inferSelect;

/** Entity type of the peer channel every chat conversation gets (made and removed by the chat area only). */
export const CONVERSATION_ENTITY = 'chat_conversation';

export interface ChannelListFilter {
  channel_type?: 'broadcast' | 'peer' | 'group';
  entity_type?: string;
  entity_id?: string;
  include_deleted?: boolean;
  limit: number;
  offset: number;
}
