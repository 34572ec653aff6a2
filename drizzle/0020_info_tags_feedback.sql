-- Catalog: info tags (contextual help snippets; system-wide rows have no tenant) and feedback
-- (ratings, one per user, entity and type; reviews, one per rating, deleted with it).
CREATE TABLE "info_tags" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid REFERENCES "tenants"("id") ON DELETE cascade,
  "key" text NOT NULL CHECK ("key" ~ '^[a-z0-9_.-]{3,200}$'),
  "title" text NOT NULL,
  "description" text NOT NULL,
  "examples" text[] DEFAULT '{}'::text[] NOT NULL,
  "translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "deleted_at" timestamp with time zone,
  "deleted_by" uuid
);--> statement-breakpoint
-- A live key once per tenant and once system-wide; a soft-deleted tag frees its key.
CREATE UNIQUE INDEX "info_tags_tenant_key" ON "info_tags" ("tenant_id", "key") WHERE "tenant_id" IS NOT NULL AND "deleted_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "info_tags_system_key" ON "info_tags" ("key") WHERE "tenant_id" IS NULL AND "deleted_at" IS NULL;--> statement-breakpoint
CREATE TABLE "feedback_ratings" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "entity_type" text NOT NULL CHECK ("entity_type" IN ('app', 'booking', 'resource', 'space')),
  "entity_id" uuid NOT NULL,
  "rating_type" text NOT NULL CHECK ("rating_type" IN ('hearts', 'stars')),
  "value" smallint NOT NULL,
  "is_public" boolean DEFAULT true NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "feedback_ratings_value_range" CHECK ("value" BETWEEN 1 AND 5)
);--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_ratings_user_entity_key" ON "feedback_ratings" ("tenant_id", "user_id", "entity_type", "entity_id", "rating_type");--> statement-breakpoint
-- Aggregates and lists of one entity and rating type; `value` and `is_public` included so the
-- aggregate (one statement over every rating of the entity) can be an index-only scan.
CREATE INDEX "feedback_ratings_entity_idx" ON "feedback_ratings" ("tenant_id", "entity_type", "entity_id", "rating_type") INCLUDE ("value", "is_public");--> statement-breakpoint
CREATE TABLE "feedback_reviews" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "rating_id" uuid NOT NULL REFERENCES "feedback_ratings"("id") ON DELETE cascade,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "content" text NOT NULL,
  "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "is_public" boolean DEFAULT true NOT NULL,
  "is_flagged" boolean DEFAULT false NOT NULL,
  "flagged_reason" text,
  "flagged_at" timestamp with time zone,
  "flagged_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_reviews_rating_key" ON "feedback_reviews" ("rating_id");--> statement-breakpoint
CREATE INDEX "feedback_reviews_tenant_idx" ON "feedback_reviews" ("tenant_id", "created_at");--> statement-breakpoint
SELECT enable_tenant_rls('feedback_ratings');--> statement-breakpoint
SELECT enable_tenant_rls('feedback_reviews');--> statement-breakpoint
-- info_tags holds system rows (no tenant) every tenant reads, so not enable_tenant_rls: the
-- application role reads its tenant's rows and the system ones, and writes only its tenant's.
ALTER TABLE "info_tags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "info_tags" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY info_tags_read ON "info_tags" FOR SELECT TO platform_app
  USING ("tenant_id" IS NULL OR "tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY info_tags_insert ON "info_tags" FOR INSERT TO platform_app
  WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY info_tags_update ON "info_tags" FOR UPDATE TO platform_app
  USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY info_tags_delete ON "info_tags" FOR DELETE TO platform_app
  USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
