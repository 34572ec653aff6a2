-- Spaces of a tenant and their members. Distances come from cube + earthdistance (shipped by
-- embedded Postgres and Neon): a GiST index on ll_to_earth(lat, lng) serves earth_box prefilters.
create extension if not exists cube;--> statement-breakpoint
create extension if not exists earthdistance;--> statement-breakpoint
CREATE TABLE "spaces" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "name" text NOT NULL,
  "description" text,
  "language" text,
  "type" text DEFAULT 'custom' NOT NULL,
  "type_definition_id" uuid REFERENCES "type_definitions"("id") ON DELETE restrict,
  "status" text DEFAULT 'active' NOT NULL,
  -- The status asked for at creation while an approval request is open (applied on approval).
  "requested_status" text,
  "approval_request_id" uuid,
  "settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "home_lat" double precision,
  "home_lng" double precision,
  "translations_i18n" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "promotion_type" text DEFAULT 'None' NOT NULL,
  "promotion_rank" integer,
  "promotion_start_date" timestamp with time zone,
  "promotion_end_date" timestamp with time zone,
  "custom_order" integer DEFAULT 1 NOT NULL,
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
  CONSTRAINT "spaces_type" CHECK ("type" IN ('system', 'default', 'custom')),
  CONSTRAINT "spaces_status" CHECK ("status" IN ('active', 'inactive', 'maintenance', 'retired', 'pending')),
  CONSTRAINT "spaces_promotion_type" CHECK ("promotion_type" IN ('None', 'Effect1', 'Effect2', 'Effect3', 'PositionDynamic', 'PositionFix', 'CommercialAdd')),
  CONSTRAINT "spaces_promotion_rank" CHECK ("promotion_rank" IS NULL OR "promotion_rank" >= 1),
  CONSTRAINT "spaces_custom_order" CHECK ("custom_order" >= 1),
  CONSTRAINT "spaces_visits" CHECK ("total_visits" >= 0),
  CONSTRAINT "spaces_location" CHECK (("home_lat" IS NULL) = ("home_lng" IS NULL) AND ("home_lat" IS NULL OR ("home_lat" BETWEEN -90 AND 90 AND "home_lng" BETWEEN -180 AND 180)))
);--> statement-breakpoint
-- The list order (customOrder descending, name, id) per tenant, straight from the index.
CREATE INDEX "spaces_order_idx" ON "spaces" ("tenant_id", "custom_order" DESC, "name", "id");--> statement-breakpoint
CREATE INDEX "spaces_type_definition_idx" ON "spaces" ("type_definition_id") WHERE "type_definition_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "spaces_home_earth_idx" ON "spaces" USING gist (ll_to_earth("home_lat", "home_lng")) WHERE "home_lat" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "space_members" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "space_id" uuid NOT NULL REFERENCES "spaces"("id") ON DELETE cascade,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "role" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "space_members_role" CHECK ("role" IN ('manager', 'reader'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "space_members_space_user_key" ON "space_members" ("space_id", "user_id");--> statement-breakpoint
-- "Spaces this user manages" (manageable, iam/me/spaces).
CREATE INDEX "space_members_user_idx" ON "space_members" ("tenant_id", "user_id", "role");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['spaces', 'space_members']) AS t;
