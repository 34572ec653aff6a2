-- Taxonomy tags: one row per tenant and normalized name, and their links to entities.
CREATE TABLE "tags" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "name" text NOT NULL,
  "display_name" text NOT NULL,
  "language" text NOT NULL,
  "translations_i18n" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "usage_count" integer DEFAULT 0 NOT NULL,
  "persistent" boolean DEFAULT false NOT NULL,
  "owner_id" uuid NOT NULL,
  "owner_type" text NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "tags_usage_nonneg" CHECK ("usage_count" >= 0),
  CONSTRAINT "tags_owner_type" CHECK ("owner_type" IN ('user', 'group'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "tags_tenant_name_key" ON "tags" ("tenant_id", "name");--> statement-breakpoint
-- The tag cloud reads the most used tags of a tenant straight from this index.
CREATE INDEX "tags_cloud_idx" ON "tags" ("tenant_id", "usage_count" DESC, "name");--> statement-breakpoint
CREATE TABLE "tag_links" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "tag_id" uuid NOT NULL REFERENCES "tags"("id") ON DELETE cascade,
  "entity_type" text NOT NULL,
  "entity_id" uuid NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "tag_links_tag_entity_key" ON "tag_links" ("tag_id", "entity_type", "entity_id");--> statement-breakpoint
CREATE INDEX "tag_links_entity_idx" ON "tag_links" ("tenant_id", "entity_type", "entity_id");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['tags', 'tag_links']) AS t;
