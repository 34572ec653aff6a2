-- Tenant configuration: settings by category and their history, rate-limit configurations, feature
-- states, daily and monthly usage metrics. Every table is tenant-owned (row-level security at the end).
CREATE TABLE "tenant_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
	"category" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_settings_tenant_category" ON "tenant_settings" ("tenant_id","category");--> statement-breakpoint
CREATE TABLE "tenant_settings_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
	"category" text NOT NULL,
	"settings_before" jsonb,
	"settings_after" jsonb NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change_reason" text,
	"ip_address" text
);--> statement-breakpoint
CREATE INDEX "tenant_settings_history_tenant" ON "tenant_settings_history" ("tenant_id","changed_at");--> statement-breakpoint
CREATE TABLE "tenant_rate_limits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
	"endpoint_pattern" text NOT NULL,
	"max_requests" integer NOT NULL,
	"window_seconds" integer NOT NULL,
	"scope_type" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_rate_limits_positive" CHECK ("tenant_rate_limits"."max_requests" >= 1 and "tenant_rate_limits"."window_seconds" >= 1)
);--> statement-breakpoint
CREATE INDEX "tenant_rate_limits_tenant" ON "tenant_rate_limits" ("tenant_id");--> statement-breakpoint
CREATE TABLE "tenant_features" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
	"feature_key" text NOT NULL,
	"enabled" boolean NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"changed_by" uuid,
	"changed_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_features_tenant_id_feature_key_pk" PRIMARY KEY("tenant_id","feature_key")
);--> statement-breakpoint
CREATE TABLE "tenant_metrics_daily" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
	"metric_date" date NOT NULL,
	"users_total" integer DEFAULT 0 NOT NULL,
	"users_active" integer DEFAULT 0 NOT NULL,
	"spaces_total" integer DEFAULT 0 NOT NULL,
	"spaces_active" integer DEFAULT 0 NOT NULL,
	"resources_total" integer DEFAULT 0 NOT NULL,
	"resources_active" integer DEFAULT 0 NOT NULL,
	"storage_bytes" bigint DEFAULT 0 NOT NULL,
	"api_calls" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_metrics_daily_tenant_date" ON "tenant_metrics_daily" ("tenant_id","metric_date");--> statement-breakpoint
CREATE TABLE "tenant_metrics_monthly" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"users_average" integer DEFAULT 0 NOT NULL,
	"users_peak" integer DEFAULT 0 NOT NULL,
	"spaces_average" integer DEFAULT 0 NOT NULL,
	"spaces_peak" integer DEFAULT 0 NOT NULL,
	"resources_average" integer DEFAULT 0 NOT NULL,
	"resources_peak" integer DEFAULT 0 NOT NULL,
	"storage_average_bytes" bigint DEFAULT 0 NOT NULL,
	"storage_peak_bytes" bigint DEFAULT 0 NOT NULL,
	"total_api_calls" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_metrics_monthly_tenant_month" ON "tenant_metrics_monthly" ("tenant_id","year","month");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY[
  'tenant_settings', 'tenant_settings_history', 'tenant_rate_limits', 'tenant_features', 'tenant_metrics_daily', 'tenant_metrics_monthly'
]) AS t;
