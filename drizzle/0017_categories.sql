-- Taxonomy categories: a per-tenant tree whose `level` follows the parent (re-parenting rewrites
-- the subtree's levels in one statement), translations one row per locale (never the base
-- language), and links to entities of the entity registry (one per category and entity).
CREATE TABLE "categories" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "parent_id" uuid,
  "key" text NOT NULL CHECK ("key" ~ '^[a-z0-9-]+$' AND length("key") <= 100),
  "filter_id" text,
  "level" integer DEFAULT 0 NOT NULL,
  "name" text NOT NULL,
  "description" text,
  "language" text NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "categories_level_range" CHECK ("level" BETWEEN 0 AND 10),
  CONSTRAINT "categories_not_own_parent" CHECK ("parent_id" IS DISTINCT FROM "id"),
  -- Checked at the end of each statement: an import may swap two keys in one update.
  CONSTRAINT "categories_tenant_key_key" UNIQUE ("tenant_id", "key") DEFERRABLE INITIALLY IMMEDIATE,
  CONSTRAINT "categories_tenant_id_key" UNIQUE ("tenant_id", "id")
);--> statement-breakpoint
-- The parent is of the same tenant; a category with children cannot be deleted (NO ACTION).
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_fk" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "categories"("tenant_id", "id");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" ("tenant_id", "parent_id");--> statement-breakpoint
CREATE TABLE "category_translations" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "category_id" uuid NOT NULL REFERENCES "categories"("id") ON DELETE cascade,
  "locale" text NOT NULL,
  "name" text NOT NULL,
  "description" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "category_translations_locale_key" ON "category_translations" ("category_id", "locale");--> statement-breakpoint
CREATE TABLE "category_links" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "category_id" uuid NOT NULL REFERENCES "categories"("id") ON DELETE cascade,
  "entity_type" text NOT NULL,
  "entity_id" uuid NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "category_links_entity_key" ON "category_links" ("category_id", "entity_type", "entity_id");--> statement-breakpoint
CREATE INDEX "category_links_entity_idx" ON "category_links" ("tenant_id", "entity_type", "entity_id");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['categories', 'category_translations', 'category_links']) AS t;
