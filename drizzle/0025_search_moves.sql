-- Global search (GIN expression indexes over `simple` full text with unaccent) and resource moves.
--
-- unaccent() is STABLE (it reads its dictionary through search_path), so index expressions use an
-- IMMUTABLE wrapper naming the dictionary by schema. The documents are weighted: A the name, B
-- translations (and secondary names), C descriptions; queries (src/modules/directory/search) use
-- exactly these expressions so the planner matches them to the indexes. Function bodies name
-- everything by schema: index builds run with a restricted search_path. Several columns join with
-- `||` (concat_ws is only STABLE). Emails also count as their two halves (the parser keeps a whole
-- address as one word, so "ada-lovelace" would not find ada-lovelace@example.com otherwise).
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;--> statement-breakpoint
-- Names and descriptions of a `translations_i18n` object ({locale: {name, description?}}).
CREATE OR REPLACE FUNCTION search_translations(jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT string_agg(concat_ws(' ', v->>'name', v->>'description'), ' ') FROM jsonb_each(coalesce($1, '{}'::jsonb)) AS t(k, v) WHERE jsonb_typeof(v) = 'object' $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_doc(a text, b text, c text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple', public.search_unaccent(lower(coalesce(a, '')))), 'A')
            || setweight(to_tsvector('simple', public.search_unaccent(lower(coalesce(b, '')))), 'B')
            || setweight(to_tsvector('simple', public.search_unaccent(lower(coalesce(c, '')))), 'C') $$;--> statement-breakpoint
-- What a person types, as a prefix query: every word of it (parsed like the documents) must start a word.
CREATE OR REPLACE FUNCTION search_query(text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' & ')), ''::tsquery)
        FROM unnest(to_tsvector('simple', public.search_unaccent(lower(coalesce($1, ''))))) $$;--> statement-breakpoint
CREATE INDEX "spaces_search_idx" ON "spaces" USING gin (search_doc("name", search_translations("translations_i18n"), "description"));--> statement-breakpoint
CREATE INDEX "resources_search_idx" ON "resources" USING gin (search_doc("name", search_translations("translations_i18n"), "description"));--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin (search_doc(coalesce("first_name", '') || ' ' || coalesce("middle_name", '') || ' ' || coalesce("last_name", ''), coalesce("email", '') || ' ' || replace(coalesce("email", ''), '@', ' ') || ' ' || coalesce("phone", '') || ' ' || coalesce("url", ''), "notes"));--> statement-breakpoint
CREATE INDEX "categories_search_idx" ON "categories" USING gin (search_doc("name", "key", "description"));--> statement-breakpoint
CREATE INDEX "category_translations_search_idx" ON "category_translations" USING gin (search_doc("name", NULL, "description"));--> statement-breakpoint
CREATE INDEX "tags_search_idx" ON "tags" USING gin (search_doc("display_name", search_translations("translations_i18n"), NULL));--> statement-breakpoint
CREATE INDEX "users_search_idx" ON "users" USING gin (search_doc(coalesce("display_name", '') || ' ' || coalesce("first_name", '') || ' ' || coalesce("last_name", ''), coalesce("email", '') || ' ' || replace(coalesce("email", ''), '@', ' '), NULL));--> statement-breakpoint
-- Requests to move a resource from its space to another space of the tenant. One open (pending)
-- request per resource (partial unique index). `approval_mode` says who decides: the target
-- space's managers, or the resource approval settings' approvers through an approval request
-- (`approval_request_id`, entity type `resource`). Requests go with their resource and spaces.
CREATE TABLE "resource_move_requests" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "resource_id" uuid NOT NULL REFERENCES "resources"("id") ON DELETE cascade,
  "source_space_id" uuid NOT NULL REFERENCES "spaces"("id") ON DELETE cascade,
  "target_space_id" uuid NOT NULL REFERENCES "spaces"("id") ON DELETE cascade,
  "requested_by" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
  "status" text DEFAULT 'pending' NOT NULL,
  "requires_resource_approval" boolean DEFAULT false NOT NULL,
  "approval_mode" text NOT NULL,
  "approval_request_id" uuid,
  "approved_by" uuid REFERENCES "users"("id") ON DELETE set null,
  "reason" text,
  "rejection_reason" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "processed_at" timestamp with time zone,
  "completed_at" timestamp with time zone,
  "expires_at" timestamp with time zone NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "resource_move_requests_status" CHECK ("status" IN ('pending', 'approved', 'rejected', 'cancelled', 'expired')),
  CONSTRAINT "resource_move_requests_mode" CHECK ("approval_mode" IN ('resource', 'target_space')),
  CONSTRAINT "resource_move_requests_spaces" CHECK ("source_space_id" <> "target_space_id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "resource_move_requests_open_key" ON "resource_move_requests" ("resource_id") WHERE "status" = 'pending';--> statement-breakpoint
CREATE INDEX "resource_move_requests_list_idx" ON "resource_move_requests" ("tenant_id", "created_at" DESC, "id");--> statement-breakpoint
CREATE INDEX "resource_move_requests_approval_idx" ON "resource_move_requests" ("approval_request_id") WHERE "approval_request_id" IS NOT NULL;--> statement-breakpoint
-- The expiry job's scan.
CREATE INDEX "resource_move_requests_due_idx" ON "resource_move_requests" ("expires_at") WHERE "status" = 'pending';--> statement-breakpoint
SELECT enable_tenant_rls('resource_move_requests');
