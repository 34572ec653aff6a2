-- Realtime area: channels (one Durable Object each), the per-channel sequenced event log, and peer
-- chat (conversations with per-side unread counters, messages soft-deleted).
CREATE TABLE "realtime_channels" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "channel_name" text NOT NULL,
  "channel_type" text NOT NULL CHECK ("channel_type" IN ('broadcast', 'peer', 'group')),
  "entity_type" text NOT NULL,
  "entity_id" uuid,
  "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  "last_seq" bigint DEFAULT 0 NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid
);--> statement-breakpoint
CREATE UNIQUE INDEX "realtime_channels_name_key" ON "realtime_channels" ("tenant_id", "channel_name");--> statement-breakpoint
CREATE INDEX "realtime_channels_tenant_idx" ON "realtime_channels" ("tenant_id", "created_at");--> statement-breakpoint
-- One live channel per type and entity (409 on a duplicate); a deleted one frees its slot.
CREATE UNIQUE INDEX "realtime_channels_entity_key" ON "realtime_channels"
  ("tenant_id", "channel_type", "entity_type", coalesce("entity_id", '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "realtime_channels_members_idx" ON "realtime_channels" USING gin ("member_ids");--> statement-breakpoint
CREATE TABLE "realtime_events" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "channel_id" uuid NOT NULL REFERENCES "realtime_channels"("id") ON DELETE cascade,
  "seq" bigint NOT NULL,
  "event_type" text NOT NULL,
  "data" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "realtime_events_channel_seq_key" ON "realtime_events" ("channel_id", "seq");--> statement-breakpoint
CREATE INDEX "realtime_events_tenant_time_idx" ON "realtime_events" ("tenant_id", "created_at");--> statement-breakpoint
CREATE TABLE "chat_conversations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "participant_a" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "participant_b" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "unread_a" integer DEFAULT 0 NOT NULL,
  "unread_b" integer DEFAULT 0 NOT NULL,
  "typing_a_at" timestamp with time zone,
  "typing_b_at" timestamp with time zone,
  "last_message_at" timestamp with time zone,
  "last_message_preview" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "chat_conversations_pair_order" CHECK ("participant_a" < "participant_b"),
  CONSTRAINT "chat_conversations_unread_nonneg" CHECK ("unread_a" >= 0 AND "unread_b" >= 0)
);--> statement-breakpoint
CREATE UNIQUE INDEX "chat_conversations_pair_key" ON "chat_conversations" ("tenant_id", "participant_a", "participant_b");--> statement-breakpoint
CREATE INDEX "chat_conversations_b_idx" ON "chat_conversations" ("tenant_id", "participant_b");--> statement-breakpoint
CREATE TABLE "chat_messages" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "conversation_id" uuid NOT NULL REFERENCES "chat_conversations"("id") ON DELETE cascade,
  "sender_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "content" text NOT NULL,
  "sent_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  "read_at" timestamp with time zone,
  "deleted_at" timestamp with time zone
);--> statement-breakpoint
CREATE INDEX "chat_messages_history_idx" ON "chat_messages" ("conversation_id", "sent_at", "id");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['realtime_channels', 'realtime_events', 'chat_conversations', 'chat_messages']) AS t;
