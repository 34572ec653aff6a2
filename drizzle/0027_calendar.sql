-- The calendar area: calendars, entries, participants, recurrence masters and their materialized
-- instances, reminders, the per-calendar change log, and the reminder dispatcher's deliveries,
-- runs and alerts (src/db/schema/calendar.ts says what each column holds).
--
-- Time queries ask "which rows overlap [from, to)": a GiST index over tstzrange(starts_at, ends_at)
-- with the calendar id (btree_gist) answers them for any entry length, where a b-tree on starts_at
-- alone would miss long entries that began before the window.
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;--> statement-breakpoint
CREATE TABLE "calendars" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "kind" text NOT NULL,
  "name" text NOT NULL,
  "description" text,
  "timezone" text NOT NULL,
  "visibility" text NOT NULL,
  "policy" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "admin_policy" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "type_definition_id" uuid REFERENCES "type_definitions"("id") ON DELETE restrict,
  "linked_user_id" uuid REFERENCES "users"("id") ON DELETE cascade,
  "linked_resource_id" uuid REFERENCES "resources"("id") ON DELETE cascade,
  "linked_space_id" uuid REFERENCES "spaces"("id") ON DELETE cascade,
  "total_visits" integer DEFAULT 0 NOT NULL,
  "last_visited_at" timestamp with time zone,
  "last_visited_by_actor_type" text,
  "last_visited_by_actor_id" uuid,
  "last_reset_at" timestamp with time zone,
  "last_reset_by_actor_type" text,
  "last_reset_by_actor_id" uuid,
  "last_reset_reason" text,
  "created_by" uuid REFERENCES "users"("id") ON DELETE set null,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid REFERENCES "users"("id") ON DELETE set null,
  CONSTRAINT "calendars_kind" CHECK ("kind" IN ('user_linked', 'resource_linked', 'space_linked', 'tenant_shared')),
  CONSTRAINT "calendars_visibility" CHECK ("visibility" IN ('private', 'shared', 'public_within_tenant')),
  -- Exactly the link the kind names.
  CONSTRAINT "calendars_linkage" CHECK (
    ("kind" = 'user_linked') = ("linked_user_id" IS NOT NULL)
    AND ("kind" = 'resource_linked') = ("linked_resource_id" IS NOT NULL)
    AND ("kind" = 'space_linked') = ("linked_space_id" IS NOT NULL)
  )
);--> statement-breakpoint
CREATE INDEX "calendars_list_idx" ON "calendars" ("tenant_id", "created_at" DESC, "id") WHERE "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "calendars_user_idx" ON "calendars" ("linked_user_id") WHERE "linked_user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "calendars_resource_idx" ON "calendars" ("linked_resource_id") WHERE "linked_resource_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "calendars_space_idx" ON "calendars" ("linked_space_id") WHERE "linked_space_id" IS NOT NULL;--> statement-breakpoint
SELECT enable_tenant_rls('calendars');--> statement-breakpoint
CREATE TABLE "calendar_entries" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "calendar_id" uuid NOT NULL REFERENCES "calendars"("id") ON DELETE cascade,
  "kind" text NOT NULL,
  "status" text NOT NULL,
  "visibility" text DEFAULT 'default' NOT NULL,
  "title" text NOT NULL,
  "description" text,
  "starts_at" timestamp with time zone NOT NULL,
  "ends_at" timestamp with time zone NOT NULL,
  "local_start_date" date,
  "local_end_date_exclusive" date,
  "timezone" text NOT NULL,
  "is_all_day" boolean DEFAULT false NOT NULL,
  "owner_user_id" uuid REFERENCES "users"("id") ON DELETE set null,
  "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "type_definition_id" uuid REFERENCES "type_definitions"("id") ON DELETE restrict,
  "location_name" text,
  "location_payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "approval_state" text,
  "approval_request_id" uuid,
  "recurrence_master_id" uuid,
  "created_by" uuid REFERENCES "users"("id") ON DELETE set null,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid REFERENCES "users"("id") ON DELETE set null,
  CONSTRAINT "calendar_entries_kind" CHECK ("kind" IN ('event', 'booking', 'reservation', 'hold', 'reminder_task')),
  CONSTRAINT "calendar_entries_status" CHECK ("status" IN ('draft', 'tentative', 'confirmed', 'cancelled', 'completed')),
  CONSTRAINT "calendar_entries_visibility" CHECK ("visibility" IN ('default', 'private')),
  CONSTRAINT "calendar_entries_approval" CHECK ("approval_state" IS NULL OR "approval_state" IN ('pending', 'approved', 'rejected', 'cancelled', 'expired')),
  CONSTRAINT "calendar_entries_span" CHECK ("ends_at" >= "starts_at"),
  CONSTRAINT "calendar_entries_all_day" CHECK (NOT "is_all_day" OR ("local_start_date" IS NOT NULL AND "local_end_date_exclusive" > "local_start_date"))
);--> statement-breakpoint
CREATE INDEX "calendar_entries_window_idx" ON "calendar_entries" USING gist ("calendar_id", tstzrange("starts_at", "ends_at", '[)')) WHERE "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "calendar_entries_list_idx" ON "calendar_entries" ("tenant_id", "starts_at", "id") WHERE "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "calendar_entries_approval_idx" ON "calendar_entries" ("approval_request_id") WHERE "approval_request_id" IS NOT NULL;--> statement-breakpoint
SELECT enable_tenant_rls('calendar_entries');--> statement-breakpoint
CREATE TABLE "calendar_entry_participants" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "calendar_entry_id" uuid NOT NULL REFERENCES "calendar_entries"("id") ON DELETE cascade,
  "actor_type" text NOT NULL,
  "actor_user_id" uuid REFERENCES "users"("id") ON DELETE cascade,
  "actor_group_id" uuid REFERENCES "groups"("id") ON DELETE cascade,
  "role" text DEFAULT 'attendee' NOT NULL,
  "response_status" text DEFAULT 'pending' NOT NULL,
  "created_by" uuid REFERENCES "users"("id") ON DELETE set null,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid REFERENCES "users"("id") ON DELETE set null,
  CONSTRAINT "calendar_entry_participants_actor" CHECK (
    ("actor_type" = 'user' AND "actor_user_id" IS NOT NULL AND "actor_group_id" IS NULL)
    OR ("actor_type" = 'group' AND "actor_group_id" IS NOT NULL AND "actor_user_id" IS NULL)
  ),
  CONSTRAINT "calendar_entry_participants_role" CHECK ("role" IN ('attendee', 'assignee', 'owner', 'observer')),
  CONSTRAINT "calendar_entry_participants_response" CHECK ("response_status" IN ('pending', 'accepted', 'declined', 'tentative'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_entry_participants_user_key" ON "calendar_entry_participants" ("calendar_entry_id", "actor_user_id") WHERE "actor_user_id" IS NOT NULL AND "deleted_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_entry_participants_group_key" ON "calendar_entry_participants" ("calendar_entry_id", "actor_group_id") WHERE "actor_group_id" IS NOT NULL AND "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "calendar_entry_participants_user_idx" ON "calendar_entry_participants" ("actor_user_id") WHERE "actor_user_id" IS NOT NULL;--> statement-breakpoint
SELECT enable_tenant_rls('calendar_entry_participants');--> statement-breakpoint
CREATE TABLE "recurrence_masters" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "calendar_id" uuid NOT NULL REFERENCES "calendars"("id") ON DELETE cascade,
  "root_entry_id" uuid NOT NULL REFERENCES "calendar_entries"("id") ON DELETE cascade,
  "frequency" text NOT NULL,
  "interval_count" integer DEFAULT 1 NOT NULL,
  "by_weekday" integer[],
  "by_month_day" integer[],
  "starts_at" timestamp with time zone NOT NULL,
  "until_at" timestamp with time zone,
  "occurrence_count_limit" integer,
  "timezone" text NOT NULL,
  "generated_window_days" integer DEFAULT 90 NOT NULL,
  "generated_until" timestamp with time zone,
  "exhausted_at" timestamp with time zone,
  "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "created_by" uuid REFERENCES "users"("id") ON DELETE set null,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid REFERENCES "users"("id") ON DELETE set null,
  CONSTRAINT "recurrence_masters_frequency" CHECK ("frequency" IN ('daily', 'weekly', 'monthly', 'yearly')),
  CONSTRAINT "recurrence_masters_interval" CHECK ("interval_count" >= 1),
  CONSTRAINT "recurrence_masters_window" CHECK ("generated_window_days" BETWEEN 1 AND 366),
  CONSTRAINT "recurrence_masters_count" CHECK ("occurrence_count_limit" IS NULL OR "occurrence_count_limit" >= 1)
);--> statement-breakpoint
-- One master per root entry.
CREATE UNIQUE INDEX "recurrence_masters_root_key" ON "recurrence_masters" ("root_entry_id") WHERE "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "recurrence_masters_calendar_idx" ON "recurrence_masters" ("calendar_id");--> statement-breakpoint
-- The horizon job's scan: live masters whose generated horizon is behind.
CREATE INDEX "recurrence_masters_horizon_idx" ON "recurrence_masters" ("generated_until") WHERE "deleted_at" IS NULL AND "exhausted_at" IS NULL;--> statement-breakpoint
SELECT enable_tenant_rls('recurrence_masters');--> statement-breakpoint
CREATE TABLE "recurrence_instances" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "recurrence_master_id" uuid NOT NULL REFERENCES "recurrence_masters"("id") ON DELETE cascade,
  "calendar_id" uuid NOT NULL REFERENCES "calendars"("id") ON DELETE cascade,
  "source_entry_id" uuid NOT NULL REFERENCES "calendar_entries"("id") ON DELETE cascade,
  "instance_date" date NOT NULL,
  "starts_at" timestamp with time zone NOT NULL,
  "ends_at" timestamp with time zone NOT NULL,
  "local_start_date" date,
  "local_end_date_exclusive" date,
  "timezone" text NOT NULL,
  "is_all_day" boolean DEFAULT false NOT NULL,
  "instance_state" text DEFAULT 'generated' NOT NULL,
  "status" text NOT NULL,
  "title_override" text,
  "description_override" text,
  "metadata_override" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "recurrence_instances_state" CHECK ("instance_state" IN ('generated', 'overridden', 'cancelled')),
  CONSTRAINT "recurrence_instances_status" CHECK ("status" IN ('draft', 'tentative', 'confirmed', 'cancelled', 'completed')),
  CONSTRAINT "recurrence_instances_span" CHECK ("ends_at" >= "starts_at")
);--> statement-breakpoint
CREATE UNIQUE INDEX "recurrence_instances_date_key" ON "recurrence_instances" ("recurrence_master_id", "instance_date");--> statement-breakpoint
CREATE INDEX "recurrence_instances_window_idx" ON "recurrence_instances" USING gist ("calendar_id", tstzrange("starts_at", "ends_at", '[)'));--> statement-breakpoint
CREATE INDEX "recurrence_instances_master_idx" ON "recurrence_instances" ("recurrence_master_id", "starts_at");--> statement-breakpoint
SELECT enable_tenant_rls('recurrence_instances');--> statement-breakpoint
CREATE TABLE "calendar_reminders" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "calendar_id" uuid NOT NULL REFERENCES "calendars"("id") ON DELETE cascade,
  "calendar_entry_id" uuid REFERENCES "calendar_entries"("id") ON DELETE cascade,
  "recurrence_master_id" uuid REFERENCES "recurrence_masters"("id") ON DELETE cascade,
  "channel" text NOT NULL,
  "offset_minutes" integer NOT NULL,
  "is_enabled" boolean DEFAULT true NOT NULL,
  "next_trigger_at" timestamp with time zone,
  "next_target_kind" text,
  "next_target_id" uuid,
  "last_triggered_at" timestamp with time zone,
  "claimed_at" timestamp with time zone,
  "created_by" uuid REFERENCES "users"("id") ON DELETE set null,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid REFERENCES "users"("id") ON DELETE set null,
  CONSTRAINT "calendar_reminders_channel" CHECK ("channel" IN ('in_app', 'email', 'sms', 'webhook')),
  CONSTRAINT "calendar_reminders_offset" CHECK ("offset_minutes" BETWEEN -10080 AND 10080),
  CONSTRAINT "calendar_reminders_target" CHECK (("calendar_entry_id" IS NULL) <> ("recurrence_master_id" IS NULL)),
  CONSTRAINT "calendar_reminders_target_kind" CHECK ("next_target_kind" IS NULL OR "next_target_kind" IN ('entry', 'recurrence_instance'))
);--> statement-breakpoint
-- The dispatcher's scan: enabled, live reminders by trigger time.
CREATE INDEX "calendar_reminders_due_idx" ON "calendar_reminders" ("next_trigger_at") WHERE "is_enabled" AND "deleted_at" IS NULL AND "next_trigger_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "calendar_reminders_calendar_idx" ON "calendar_reminders" ("calendar_id", "created_at", "id");--> statement-breakpoint
CREATE INDEX "calendar_reminders_entry_idx" ON "calendar_reminders" ("calendar_entry_id") WHERE "calendar_entry_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "calendar_reminders_master_idx" ON "calendar_reminders" ("recurrence_master_id") WHERE "recurrence_master_id" IS NOT NULL;--> statement-breakpoint
SELECT enable_tenant_rls('calendar_reminders');--> statement-breakpoint
CREATE TABLE "reminder_deliveries" (
  "delivery_key" text PRIMARY KEY NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "reminder_id" uuid NOT NULL REFERENCES "calendar_reminders"("id") ON DELETE cascade,
  "calendar_id" uuid NOT NULL REFERENCES "calendars"("id") ON DELETE cascade,
  "channel" text NOT NULL,
  "target_kind" text NOT NULL,
  "target_id" uuid NOT NULL,
  "trigger_at" timestamp with time zone NOT NULL,
  "status" text DEFAULT 'queued' NOT NULL,
  "attempts" integer DEFAULT 0 NOT NULL,
  "last_error" text,
  "queued_at" timestamp with time zone DEFAULT now() NOT NULL,
  "sent_at" timestamp with time zone,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "reminder_deliveries_status" CHECK ("status" IN ('queued', 'sent', 'failed', 'dead'))
);--> statement-breakpoint
CREATE INDEX "reminder_deliveries_reminder_idx" ON "reminder_deliveries" ("reminder_id", "trigger_at" DESC);--> statement-breakpoint
CREATE INDEX "reminder_deliveries_calendar_idx" ON "reminder_deliveries" ("calendar_id", "status");--> statement-breakpoint
CREATE INDEX "reminder_deliveries_open_idx" ON "reminder_deliveries" ("trigger_at") WHERE "status" IN ('queued', 'failed');--> statement-breakpoint
SELECT enable_tenant_rls('reminder_deliveries');--> statement-breakpoint
CREATE TABLE "calendar_mutations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "calendar_id" uuid NOT NULL REFERENCES "calendars"("id") ON DELETE cascade,
  "entity_type" text NOT NULL,
  "entity_id" uuid NOT NULL,
  "action" text NOT NULL,
  "summary" text NOT NULL,
  "actor_id" uuid,
  "occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "calendar_mutations_entity" CHECK ("entity_type" IN ('calendar', 'share', 'reminder', 'entry')),
  CONSTRAINT "calendar_mutations_action" CHECK ("action" IN ('created', 'updated', 'deleted'))
);--> statement-breakpoint
CREATE INDEX "calendar_mutations_calendar_idx" ON "calendar_mutations" ("calendar_id", "occurred_at" DESC);--> statement-breakpoint
SELECT enable_tenant_rls('calendar_mutations');--> statement-breakpoint
-- Platform-wide dispatcher bookkeeping (system zone; no tenant rows, no row-level security).
CREATE TABLE "dispatcher_runs" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "trigger" text NOT NULL,
  "started_at" timestamp with time zone DEFAULT now() NOT NULL,
  "completed_at" timestamp with time zone,
  "duration_ms" integer,
  "jobs_executed" integer DEFAULT 0 NOT NULL,
  "jobs_failed" integer DEFAULT 0 NOT NULL,
  "jobs_skipped" integer DEFAULT 0 NOT NULL,
  "alerts_sent" integer DEFAULT 0 NOT NULL,
  "health_status" jsonb DEFAULT '{}'::jsonb NOT NULL,
  CONSTRAINT "dispatcher_runs_trigger" CHECK ("trigger" IN ('cron', 'manual'))
);--> statement-breakpoint
CREATE INDEX "dispatcher_runs_recent_idx" ON "dispatcher_runs" ("started_at" DESC);--> statement-breakpoint
CREATE TABLE "dispatcher_alerts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid REFERENCES "tenants"("id") ON DELETE cascade,
  "type" text NOT NULL,
  "severity" text NOT NULL,
  "title" text NOT NULL,
  "message" text NOT NULL,
  "delivery_key" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "acknowledged_at" timestamp with time zone,
  "acknowledged_by" uuid REFERENCES "users"("id") ON DELETE set null,
  CONSTRAINT "dispatcher_alerts_severity" CHECK ("severity" IN ('info', 'warning', 'critical'))
);--> statement-breakpoint
CREATE INDEX "dispatcher_alerts_recent_idx" ON "dispatcher_alerts" ("created_at" DESC);
