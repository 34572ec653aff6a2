CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"entity_name" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decision_at" timestamp with time zone,
	"decision_by" uuid,
	"decision_comment" text,
	"rejection_reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_requests_status_check" CHECK ("approval_requests"."status" in ('pending', 'approved', 'rejected', 'cancelled', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "approval_settings" (
	"tenant_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"auto_approve_roles" text[] DEFAULT '{owner,admin}'::text[] NOT NULL,
	"max_pending_days" integer DEFAULT 30 NOT NULL,
	"notify_admins" boolean DEFAULT true NOT NULL,
	"notify_creator_on_decision" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_settings_tenant_id_entity_type_pk" PRIMARY KEY("tenant_id","entity_type"),
	CONSTRAINT "approval_settings_days_check" CHECK ("approval_settings"."max_pending_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invited_by" uuid NOT NULL,
	"recipient_email" text,
	"recipient_phone" text,
	"code_hash" text NOT NULL,
	"code_last4" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"channel" text DEFAULT 'email' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"personal_message" text,
	"expires_at" timestamp with time zone NOT NULL,
	"message_id" uuid,
	"opened_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "invitations_recipient_check" CHECK ("invitations"."recipient_email" is not null or "invitations"."recipient_phone" is not null),
	CONSTRAINT "invitations_status_check" CHECK ("invitations"."status" in ('pending', 'accepted', 'expired', 'revoked'))
);
--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_decision_by_users_id_fk" FOREIGN KEY ("decision_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_settings" ADD CONSTRAINT "approval_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_message_id_outbox_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_requests_tenant_idx" ON "approval_requests" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_requests_creator_idx" ON "approval_requests" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_pending_entity_key" ON "approval_requests" USING btree ("tenant_id","entity_type","entity_id") WHERE "approval_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "approval_requests_pending_expiry_idx" ON "approval_requests" USING btree ("expires_at") WHERE "approval_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invitations_tenant_idx" ON "invitations" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_email_key" ON "invitations" USING btree ("tenant_id","recipient_email") WHERE "invitations"."status" = 'pending' and "invitations"."recipient_email" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_phone_key" ON "invitations" USING btree ("tenant_id","recipient_phone") WHERE "invitations"."status" = 'pending' and "invitations"."recipient_phone" is not null;--> statement-breakpoint
CREATE INDEX "invitations_pending_expiry_idx" ON "invitations" USING btree ("expires_at") WHERE "invitations"."status" = 'pending';