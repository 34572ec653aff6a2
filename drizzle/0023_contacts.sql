-- Directory contacts and their links to users, spaces and resources.
CREATE TABLE "contacts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "first_name" text,
  "middle_name" text,
  "last_name" text,
  "email" text,
  "phone" text,
  "url" text,
  "address" jsonb,
  "notes" text,
  "created_by" uuid,
  "updated_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
-- The list's order (last name, first name, id) straight from the index.
CREATE INDEX "contacts_tenant_name_idx" ON "contacts" ("tenant_id", "last_name", "first_name", "id");--> statement-breakpoint
CREATE TABLE "contact_links" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  -- Deleting a contact removes its links.
  "contact_id" uuid NOT NULL REFERENCES "contacts"("id") ON DELETE cascade,
  "entity_type" text NOT NULL,
  "entity_id" uuid NOT NULL,
  "is_primary" boolean DEFAULT false NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "contact_links_entity_type" CHECK ("entity_type" IN ('user', 'space', 'resource'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "contact_links_contact_entity_key" ON "contact_links" ("contact_id", "entity_type", "entity_id");--> statement-breakpoint
CREATE INDEX "contact_links_entity_idx" ON "contact_links" ("tenant_id", "entity_type", "entity_id");--> statement-breakpoint
-- One primary contact per entity: a new primary demotes the old one in the same transaction.
CREATE UNIQUE INDEX "contact_links_one_primary_key" ON "contact_links" ("tenant_id", "entity_type", "entity_id") WHERE "is_primary";--> statement-breakpoint
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY['contacts', 'contact_links']) AS t;
