// Realtime channels: create (broadcast, peer, group), list, read, soft delete. Members of peer and
// group channels come from `metadata.member_ids` (users of the tenant); broadcast channels reach
// the whole tenant. Every change is itself an event on the channel (`channel:created`, `channel:deleted`).
import type { Principal, ServiceContext } from '../../../context';
import { tenantOf } from '../../../db/tenant';
import { pgError } from '../../../lib/db-errors';
import { ApiError, notFound } from '../../../lib/errors';
import { inTransaction } from '../../../db/tx';
import { channelName } from '../events/events.model';
import { publish } from '../events/events.service';
import { CONVERSATION_ENTITY, type ChannelListFilter, type ChannelRow, type ChannelType } from './channels.model';
import * as q from './channels.queries';
import { UUID } from '../../../lib/uuid';

const MAX_MEMBERS = 1000;

export interface CreateChannel {
  channel_type: ChannelType;
  entity_type: string;
  entity_id?: string | null;
  metadata?: Record<string, unknown> | null;
}

const invalid = (field: string, message: string, reason?: string) =>
  new ApiError('VALIDATION_ERROR', `Invalid body: ${field}`, { location: 'body', fields: { [field]: [message] }, ...(reason ? { reason } : {}) });

/** Who may subscribe: checked against the tenant's active members. */
async function membersOf(ctx: ServiceContext, p: Principal, body: CreateChannel): Promise<string[]> {
  const raw = body.metadata?.member_ids;
  if (body.channel_type === 'broadcast') {
    if (raw !== undefined) throw invalid('metadata.member_ids', 'Broadcast channels reach the whole tenant: give no member_ids');
    return [];
  }
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string' && UUID.test(v))) throw invalid('metadata.member_ids', 'An array of user ids (uuid)');
  const ids = [...new Set([...(raw as string[]).map((v) => v.toLowerCase()), ...(body.channel_type === 'group' && p.kind === 'user' ? [p.userId] : [])])];
  if (body.channel_type === 'peer' && ids.length !== 2) throw invalid('metadata.member_ids', 'A peer channel has exactly two distinct members');
  if (!ids.length || ids.length > MAX_MEMBERS) throw invalid('metadata.member_ids', `1..${MAX_MEMBERS} members`);
  const known = new Set(await q.activeMembers(ctx, ids));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new ApiError('UNPROCESSABLE_ENTITY', 'Some members are not active users of this tenant', { reason: 'UNKNOWN_MEMBERS', member_ids: unknown });
  return ids;
}

export async function createChannel(ctx: ServiceContext, p: Principal, body: CreateChannel): Promise<ChannelRow> {
  const entityType = body.entity_type.trim();
  if (!entityType) throw invalid('entity_type', 'Required (1..1000 characters)');
  if (entityType === CONVERSATION_ENTITY) throw new ApiError('UNPROCESSABLE_ENTITY', 'Conversation channels are made by the chat API', { reason: 'RESERVED_ENTITY_TYPE' });
  const memberIds = await membersOf(ctx, p, body);
  const id = crypto.randomUUID();
  const createdBy = p.kind === 'user' ? p.userId : null;
  // A savepoint: a duplicate is a 409 answer, not a broken transaction.
  const row = await inTransaction(ctx, (tx) =>
    q.insert(tx, {
      id,
      tenantId: tenantOf(ctx),
      channelName: channelName(body.channel_type, id),
      channelType: body.channel_type,
      entityType,
      entityId: body.entity_id ?? null,
      metadata: body.metadata ?? {},
      memberIds,
      createdBy,
    }),
  ).catch((err: unknown) => {
    if (pgError(err)?.code === '23505') throw new ApiError('CONFLICT', 'A live channel of this type already exists for this entity', { reason: 'CHANNEL_EXISTS' });
    throw err;
  });
  await publish(ctx, row.tenantId, { id: row.id }, 'channel:created', { channel_id: row.id, channel_type: row.channelType, entity_type: row.entityType, entity_id: row.entityId }, createdBy);
  ctx.audit({ action: 'realtime_channel.create', resourceType: 'realtime_channel', resourceId: row.id, details: { channel_type: row.channelType, entity_type: row.entityType } });
  return { ...row, lastSeq: 1 };
}

/** Whose view a caller reads with: a person's id, or undefined for an API key (the whole tenant). */
export const viewerOf = (p: Principal): string | undefined => (p.kind === 'user' ? p.userId : undefined);

export const listChannels = (ctx: ServiceContext, viewer: string | undefined, f: ChannelListFilter) => q.list(ctx, viewer, f);

export async function getChannel(ctx: ServiceContext, viewer: string | undefined, id: string): Promise<ChannelRow> {
  const row = await q.find(ctx, viewer, id);
  if (!row) throw notFound('Channel');
  return row;
}

/** Soft delete: by its creator, the tenant's owner or admin, or an API key; sockets on it are closed. */
export async function deleteChannel(ctx: ServiceContext, p: Principal, id: string): Promise<void> {
  const row = await q.find(ctx, viewerOf(p), id, true);
  if (!row || row.deletedAt) throw notFound('Channel');
  if (row.entityType === CONVERSATION_ENTITY) throw new ApiError('UNPROCESSABLE_ENTITY', 'A conversation keeps its channel', { reason: 'CONVERSATION_CHANNEL' });
  const by = p.kind === 'user' ? p.userId : null;
  if (p.kind === 'user' && row.createdBy !== p.userId && !p.isSystemAdmin && p.role !== 'owner' && p.role !== 'admin') {
    throw new ApiError('FORBIDDEN', 'Only the channel creator or a tenant owner or admin may delete it', { reason: 'NOT_CHANNEL_OWNER' });
  }
  await publish(ctx, row.tenantId, { id: row.id }, 'channel:deleted', { channel_id: row.id }, by);
  await q.softDelete(ctx, id, by);
  ctx.audit({ action: 'realtime_channel.delete', resourceType: 'realtime_channel', resourceId: id });
}
