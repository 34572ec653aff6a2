-- Search on the GIN indexes under row-level security. For the app role (platform_app) `@@` is never
-- an index condition: the tenant policy is evaluated first and ts_match_vq is not LEAKPROOF (only a
-- superuser could mark it), so search filtered every row of the tenant (about 200 ms for 100,000
-- resources). These functions find the matching ids through GIN as their owner, the migrating role,
-- which bypasses row-level security like the platform path (README, "Row-level security"), and
-- restrict to the tenant the policies name: the same transaction-local `app.tenant_id`, with no
-- setting no rows at all (fail closed). They return ids only, of that tenant only, which the app role
-- then reads under its policy and the caller's own rules (pending entities, permissions), so they
-- show nothing the policy would hide. Each uses exactly the indexed document (drizzle/0025, 0032).
-- SECURITY DEFINER functions are never inlined: the match runs as its own plan (a bitmap index scan).
CREATE OR REPLACE FUNCTION search_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;--> statement-breakpoint
-- Spaces and resources (the large tables: q=proj matches 10,000 of 100,000 resources) are also
-- ranked here, on the rows the index scan read, and answered with the columns search shows and its
-- rules read (status, creator), so the caller's query neither looks every match up again nor ranks
-- it there. The rank is the app's: ts_rank plus 1 for the whole name, 0.5 for a name starting with
-- what was typed; the folded name is stored (search_name) rather than unaccented per match.
ALTER TABLE "spaces" ADD COLUMN "search_name" text GENERATED ALWAYS AS (search_unaccent(lower("name"))) STORED;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "search_name" text GENERATED ALWAYS AS (search_unaccent(lower("name"))) STORED;--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_space_ranked(q text)
  RETURNS TABLE (id uuid, tenant_id uuid, name text, description text, status text, created_by uuid, translations_i18n jsonb, rank float8)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 1000
  AS $$ SELECT s.id, s.tenant_id, s.name, s.description, s.status, s.created_by, s.translations_i18n,
      (ts_rank(s.search_document, w.query) + CASE WHEN s.search_name = w.folded THEN 1 WHEN starts_with(s.search_name, w.folded) THEN 0.5 ELSE 0 END)::float8
    FROM (SELECT public.search_query(q) AS query, public.search_unaccent(lower(q)) AS folded) w
    JOIN public.spaces s ON s.tenant_id = public.search_tenant() AND s.search_document @@ w.query $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_resource_ranked(q text)
  RETURNS TABLE (id uuid, tenant_id uuid, name text, description text, status text, created_by uuid, translations_i18n jsonb, space_id uuid, rank float8)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 1000
  AS $$ SELECT r.id, r.tenant_id, r.name, r.description, r.status, r.created_by, r.translations_i18n, r.space_id,
      (ts_rank(r.search_document, w.query) + CASE WHEN r.search_name = w.folded THEN 1 WHEN starts_with(r.search_name, w.folded) THEN 0.5 ELSE 0 END)::float8
    FROM (SELECT public.search_query(q) AS query, public.search_unaccent(lower(q)) AS folded) w
    JOIN public.resources r ON r.tenant_id = public.search_tenant() AND r.search_document @@ w.query $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_contact_ids(q tsquery) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 200
  AS $$ SELECT id FROM public.contacts WHERE tenant_id = public.search_tenant()
    AND search_doc(coalesce(first_name, '') || ' ' || coalesce(middle_name, '') || ' ' || coalesce(last_name, ''), coalesce(email, '') || ' ' || replace(coalesce(email, ''), '@', ' ') || ' ' || coalesce(phone, '') || ' ' || coalesce(url, ''), notes) @@ q $$;--> statement-breakpoint
-- A category matches on its own document or on one of its translations'.
CREATE OR REPLACE FUNCTION search_category_ids(q tsquery) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 200
  AS $$ SELECT id FROM public.categories WHERE tenant_id = public.search_tenant() AND search_doc(name, key, description) @@ q
    UNION
    SELECT category_id FROM public.category_translations WHERE tenant_id = public.search_tenant() AND search_doc(name, NULL, description) @@ q $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_tag_ids(q tsquery) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 200
  AS $$ SELECT id FROM public.tags WHERE tenant_id = public.search_tenant() AND search_doc(display_name, search_translations(translations_i18n), NULL) @@ q $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION search_space_ranked(text), search_resource_ranked(text), search_contact_ids(tsquery), search_category_ids(tsquery), search_tag_ids(tsquery) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION search_space_ranked(text), search_resource_ranked(text), search_contact_ids(tsquery), search_category_ids(tsquery), search_tag_ids(tsquery) TO platform_app;
