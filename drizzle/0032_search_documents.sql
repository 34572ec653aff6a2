-- Search documents of spaces and resources stored (generated columns), not computed per query.
-- Under row-level security the app role's `@@` is not an index condition (ts_match_vq is not
-- LEAKPROOF, and only a superuser could mark it), so search filters every row of the tenant: with
-- the document computed on the fly (to_tsvector and unaccent three times a row) 100,000 resources
-- took seconds; a stored tsvector makes the same filter a cheap comparison per row. The GIN indexes
-- move to the columns (they serve the platform path, which is not under the tenant policy).
ALTER TABLE "spaces" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS (search_doc("name", search_translations("translations_i18n"), "description")) STORED;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS (search_doc("name", search_translations("translations_i18n"), "description")) STORED;--> statement-breakpoint
DROP INDEX IF EXISTS "spaces_search_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "resources_search_idx";--> statement-breakpoint
CREATE INDEX "spaces_search_idx" ON "spaces" USING gin ("search_document");--> statement-breakpoint
CREATE INDEX "resources_search_idx" ON "resources" USING gin ("search_document");
