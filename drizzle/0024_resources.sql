-- Resources of a tenant (things placed in a space or standing alone) and their members.
-- The location is two doubles like spaces' home; a GiST index on earthdistance's ll_to_earth
-- serves the nearby search's earth_box prefilter (extensions created in 0022).
CREATE TABLE "resources" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  -- A space holding resources cannot be deleted (spaces' onSpaceDelete hook answers 409 first).
  "space_id" uuid REFERENCES "spaces"("id") ON DELETE restrict,
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
  "current_lat" double precision,
  "current_lng" double precision,
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
  CONSTRAINT "resources_type" CHECK ("type" IN ('system', 'custom')),
  CONSTRAINT "resources_status" CHECK ("status" IN ('active', 'inactive', 'maintenance', 'retired', 'pending')),
  CONSTRAINT "resources_promotion_type" CHECK ("promotion_type" IN ('None', 'Effect1', 'Effect2', 'Effect3', 'PositionDynamic', 'PositionFix', 'CommercialAdd')),
  CONSTRAINT "resources_promotion_rank" CHECK ("promotion_rank" IS NULL OR "promotion_rank" >= 1),
  CONSTRAINT "resources_custom_order" CHECK ("custom_order" >= 1),
  CONSTRAINT "resources_visits" CHECK ("total_visits" >= 0),
  CONSTRAINT "resources_location" CHECK (("current_lat" IS NULL) = ("current_lng" IS NULL) AND ("current_lat" IS NULL OR ("current_lat" BETWEEN -90 AND 90 AND "current_lng" BETWEEN -180 AND 180)))
);--> statement-breakpoint
-- The list order (customOrder descending, name, id) per tenant, straight from the index.
CREATE INDEX "resources_order_idx" ON "resources" ("tenant_id", "custom_order" DESC, "name", "id");--> statement-breakpoint
-- "Does this space hold resources" (space delete) and the space filter.
CREATE INDEX "resources_space_idx" ON "resources" ("space_id") WHERE "space_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "resources_type_definition_idx" ON "resources" ("type_definition_id") WHERE "type_definition_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "resources_location_earth_idx" ON "resources" USING gist (ll_to_earth("current_lat", "current_lng")) WHERE "current_lat" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "resource_members" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "resource_id" uuid NOT NULL REFERENCES "resources"("id") ON DELETE cascade,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "role" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "resource_members_role" CHECK ("role" IN ('admin', 'manager', 'reader'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "resource_members_resource_user_key" ON "resource_members" ("resource_id", "user_id");--> statement-breakpoint
-- "Resources this user manages" (manageable).
CREATE INDEX "resource_members_user_idx" ON "resource_members" ("tenant_id", "user_id", "role");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['resources', 'resource_members']) AS t;
