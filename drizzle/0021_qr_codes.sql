-- QR codes (catalog): codes with an integer id (the reference's `id`) and a uuid (paths, the public
-- embed), the renders of versioned codes with snapshots of their options and payload, and links to
-- entities of other areas (permission inheritance for the embed).
CREATE TABLE IF NOT EXISTS "qr_codes" (
  "id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "created_by_user_id" uuid NOT NULL,
  "name" text NOT NULL,
  "description" text,
  "type" text NOT NULL,
  "payload_template" jsonb NOT NULL,
  "options" jsonb NOT NULL,
  "render_mode" text NOT NULL,
  "access_level" text NOT NULL,
  "is_versioned" boolean DEFAULT false NOT NULL,
  "version_counter" integer DEFAULT 0 NOT NULL,
  "latest_media_id" uuid,
  "checksum" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "created_by" text,
  "updated_by" text,
  CONSTRAINT "qr_codes_type" CHECK ("type" IN ('TEXT', 'URL', 'LANDING_PAGE', 'CONTACT', 'LOCATION', 'CUSTOM')),
  CONSTRAINT "qr_codes_render_mode" CHECK ("render_mode" IN ('LIVE', 'STATIC')),
  CONSTRAINT "qr_codes_access_level" CHECK ("access_level" IN ('PUBLIC', 'AUTHENTICATED', 'API_KEY', 'PRIVATE')),
  CONSTRAINT "qr_codes_name_length" CHECK (length("name") BETWEEN 1 AND 255)
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "qr_codes_uuid_key" ON "qr_codes" ("uuid");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "qr_codes_tenant_idx" ON "qr_codes" ("tenant_id", "created_at");--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "qr_code_versions" (
  "id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "qr_code_id" integer NOT NULL REFERENCES "qr_codes"("id") ON DELETE cascade,
  "version_number" integer NOT NULL,
  "media_file_id" uuid,
  "checksum" text NOT NULL,
  "options_snapshot" jsonb NOT NULL,
  "payload_snapshot" jsonb NOT NULL,
  "render_duration_ms" integer,
  "file_size_bytes" integer,
  "image_format" text DEFAULT 'png' NOT NULL,
  "rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "qr_code_versions_format" CHECK ("image_format" IN ('png', 'svg'))
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "qr_code_versions_number_key" ON "qr_code_versions" ("qr_code_id", "version_number");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "qr_code_versions_tenant_idx" ON "qr_code_versions" ("tenant_id");--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "qr_code_links" (
  "id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "qr_code_id" integer NOT NULL REFERENCES "qr_codes"("id") ON DELETE cascade,
  "linked_type" text NOT NULL,
  "linked_uuid" uuid NOT NULL,
  "permission_source" text,
  "inherits_permissions" boolean DEFAULT true NOT NULL,
  "created_by_user_id" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "qr_code_links_type" CHECK ("linked_type" IN ('space', 'resource', 'contact', 'user', 'calendar_entry'))
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "qr_code_links_entity_key" ON "qr_code_links" ("qr_code_id", "linked_type", "linked_uuid");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "qr_code_links_tenant_idx" ON "qr_code_links" ("tenant_id");--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['qr_codes', 'qr_code_versions', 'qr_code_links']) AS t;
