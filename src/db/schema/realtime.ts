// Tables of the realtime area: peer conversations and their messages (chat), realtime channels and
// the per-tenant event log every channel event is sequenced in (what reconnecting clients resume from).
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './accounts';

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const CHANNEL_TYPES = ['broadcast', 'peer', 'group'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/**
 * A realtime channel: one Durable Object per channel. `member_ids` says who may subscribe to peer
 * and group channels (broadcast: the whole tenant). `last_seq` is the channel's event counter: an
 * event takes `last_seq + 1` under the row's lock, so sequences are gapless and commit in order.
 */
export const realtimeChannels = pgTable(
  'realtime_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    channelName: text('channel_name').notNull(),
    channelType: text('channel_type', { enum: CHANNEL_TYPES }).notNull(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    memberIds: uuid('member_ids').array().notNull().default(sql`'{}'::uuid[]`),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt,
    updatedAt,
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by'),
  },
  (t) => [
    uniqueIndex('realtime_channels_name_key').on(t.tenantId, t.channelName),
    index('realtime_channels_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);

/** The event log: one row per channel event, numbered per channel (`seq`). */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id').notNull().references(() => realtimeChannels.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt,
  },
  (t) => [uniqueIndex('realtime_events_channel_seq_key').on(t.channelId, t.seq), index('realtime_events_tenant_time_idx').on(t.tenantId, t.createdAt)],
);

/**
 * A peer conversation. The pair is stored ordered (`participant_a < participant_b`) so (a,b) and
 * (b,a) are one row. Unread counters per side are changed in the same transaction as the messages
 * they count (send +1, read −marked, delete of an unread message −1) under the row's lock. Its
 * channel is the peer channel with entity_type `chat_conversation` and entity_id = its id.
 */
export const chatConversations = pgTable(
  'chat_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    participantA: uuid('participant_a').notNull().references(() => users.id, { onDelete: 'cascade' }),
    participantB: uuid('participant_b').notNull().references(() => users.id, { onDelete: 'cascade' }),
    unreadA: integer('unread_a').notNull().default(0),
    unreadB: integer('unread_b').notNull().default(0),
    /** Last typing indicator per side: the throttle (a conditional update, so concurrent calls cannot both pass). */
    typingAAt: timestamp('typing_a_at', { withTimezone: true }),
    typingBAt: timestamp('typing_b_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    lastMessagePreview: text('last_message_preview'),
    createdAt,
    updatedAt,
  },
  (t) => [
    uniqueIndex('chat_conversations_pair_key').on(t.tenantId, t.participantA, t.participantB),
    index('chat_conversations_b_idx').on(t.tenantId, t.participantB),
    check('chat_conversations_pair_order', sql`${t.participantA} < ${t.participantB}`),
    check('chat_conversations_unread_nonneg', sql`${t.unreadA} >= 0 and ${t.unreadB} >= 0`),
  ],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull().references(() => chatConversations.id, { onDelete: 'cascade' }),
    senderId: uuid('sender_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('chat_messages_history_idx').on(t.conversationId, t.sentAt, t.id)],
);
