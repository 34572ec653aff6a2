CREATE TABLE "ip_blacklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ip_address" text NOT NULL,
	"reason" text,
	"blocked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"auto_blocked" boolean DEFAULT false NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "system_security_config" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" text DEFAULT 'global' NOT NULL,
	"dos_enabled" boolean DEFAULT true NOT NULL,
	"dos_max_requests_per_ip" integer DEFAULT 1000 NOT NULL,
	"dos_time_window_seconds" integer DEFAULT 60 NOT NULL,
	"dos_block_duration_seconds" integer DEFAULT 300 NOT NULL,
	"queue_enabled" boolean DEFAULT false NOT NULL,
	"queue_max_size" integer DEFAULT 1000 NOT NULL,
	"queue_timeout_ms" integer DEFAULT 30000 NOT NULL,
	"ip_blacklist_enabled" boolean DEFAULT true NOT NULL,
	"ip_blacklist_auto_block" boolean DEFAULT true NOT NULL,
	"ip_blacklist_auto_block_threshold" integer DEFAULT 10 NOT NULL,
	"ip_blacklist_auto_block_duration_seconds" integer DEFAULT 3600 NOT NULL,
	"circuit_breaker_enabled" boolean DEFAULT false NOT NULL,
	"circuit_breaker_cpu_threshold" integer DEFAULT 90 NOT NULL,
	"circuit_breaker_duration_seconds" integer DEFAULT 300 NOT NULL,
	"circuit_breaker_check_interval_seconds" integer DEFAULT 10 NOT NULL,
	"cache_enabled" boolean DEFAULT true NOT NULL,
	"cache_max_entries" integer DEFAULT 10000 NOT NULL,
	"cache_default_ttl_seconds" integer DEFAULT 300 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "system_security_config_scope_unique" UNIQUE("scope")
);
--> statement-breakpoint
CREATE TABLE "tenant_security_configs" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "tenant_security_configs" ADD CONSTRAINT "tenant_security_configs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ip_blacklist_ip_key" ON "ip_blacklist" USING btree ("ip_address");--> statement-breakpoint
CREATE INDEX "ip_blacklist_expires_idx" ON "ip_blacklist" USING btree ("expires_at");