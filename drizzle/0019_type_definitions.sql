-- Catalog area: type definitions, the JSON Schemas that validate entity `settings`. Rows without a
-- tenant are platform (system) types: every tenant reads them, none writes them.
CREATE TABLE "type_definitions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid REFERENCES "tenants"("id") ON DELETE cascade,
  "name" text NOT NULL CHECK ("name" ~ '^[a-z0-9-]{2,100}$'),
  "label" text NOT NULL,
  "description" text,
  "category" text,
  "applies_to" text NOT NULL CHECK ("applies_to" IN ('space', 'resource', 'calendar', 'user')),
  -- json keeps the key order of `properties` (their display order); jsonb would sort the keys.
  "schema_definition" json NOT NULL,
  "is_active" boolean DEFAULT true NOT NULL,
  "is_system" boolean GENERATED ALWAYS AS ("tenant_id" IS NULL) STORED,
  "created_by" uuid,
  "updated_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "type_definitions_tenant_name_key" ON "type_definitions" ("tenant_id", "name") WHERE "tenant_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "type_definitions_system_name_key" ON "type_definitions" ("name") WHERE "tenant_id" IS NULL;--> statement-breakpoint
CREATE INDEX "type_definitions_applies_idx" ON "type_definitions" ("tenant_id", "applies_to");--> statement-breakpoint
-- users.type_definition_id was stored as given before this table existed: such ids name nothing,
-- so they are cleared before the foreign key. SET NULL: a deleted user's reference never blocks a
-- delete (live users block it first: the service answers 409 while a type is in use).
UPDATE "users" SET "type_definition_id" = NULL WHERE "type_definition_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_type_definition_id_fkey" FOREIGN KEY ("type_definition_id") REFERENCES "type_definitions"("id") ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX "users_type_definition_idx" ON "users" ("type_definition_id") WHERE "type_definition_id" IS NOT NULL;--> statement-breakpoint
SELECT enable_tenant_rls('type_definitions');--> statement-breakpoint
-- Besides the tenant's own rows (tenant_isolation), platform_app reads the system types; writes stay
-- tenant-only (policies are permissive: either one admits a row for SELECT).
CREATE POLICY system_types_read ON "type_definitions" FOR SELECT TO platform_app USING ("tenant_id" IS NULL);
