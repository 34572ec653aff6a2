// The reference's RealtimeChannel.
import type { ChannelRow } from './channels.model';

export const toChannel = (r: ChannelRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  channel_name: r.channelName,
  channel_type: r.channelType,
  entity_type: r.entityType,
  entity_id: r.entityId,
  metadata: r.metadata,
  created_by: r.createdBy,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
  deleted_at: r.deletedAt ? r.deletedAt.toISOString() : null,
  deleted_by: r.deletedBy,
});
