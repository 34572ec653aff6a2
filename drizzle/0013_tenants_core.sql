-- Tenants area (administration and lifecycle): soft deletion and storage preferences on tenants,
-- the lifecycle history, the log retention policy and the language sync jobs.
ALTER TABLE "tenants" ADD COLUMN IF NOT EXISTS "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN IF NOT EXISTS "storage_distribution_strategy" text DEFAULT 'sequential' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN IF NOT EXISTS "storage_fallback_chain" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_storage_distribution_strategy_check" CHECK ("storage_distribution_strategy" IN ('sequential', 'distributed'));--> statement-breakpoint
CREATE TABLE "tenant_lifecycle_history" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "action" text NOT NULL,
  "from_status" text NOT NULL,
  "to_status" text NOT NULL,
  "from_type" text NOT NULL,
  "to_type" text NOT NULL,
  "reason" text,
  "performed_by" uuid NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "tenant_lifecycle_history_tenant_idx" ON "tenant_lifecycle_history" ("tenant_id", "created_at");--> statement-breakpoint
CREATE TABLE "tenant_log_retention" (
  "tenant_id" uuid PRIMARY KEY NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "retention_days" integer NOT NULL CHECK ("retention_days" IN (30, 60, 90)),
  "updated_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "tenant_language_sync_jobs" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "operation" text NOT NULL CHECK ("operation" IN ('add', 'remove', 'comprehensive')),
  "language_code" text NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL CHECK ("status" IN ('pending', 'running', 'completed', 'failed')),
  "entities_processed" integer DEFAULT 0 NOT NULL,
  "entities_total" integer DEFAULT 0 NOT NULL,
  "errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "requested_by" uuid,
  "started_at" timestamp with time zone,
  "completed_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "tenant_language_sync_jobs_tenant_idx" ON "tenant_language_sync_jobs" ("tenant_id", "created_at");--> statement-breakpoint
CREATE INDEX "tenant_language_sync_jobs_open_idx" ON "tenant_language_sync_jobs" ("status", "created_at") WHERE "status" IN ('pending', 'running');--> statement-breakpoint
SELECT enable_tenant_rls('tenant_lifecycle_history');--> statement-breakpoint
SELECT enable_tenant_rls('tenant_log_retention');--> statement-breakpoint
SELECT enable_tenant_rls('tenant_language_sync_jobs');
