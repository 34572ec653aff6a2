-- The search matchers (0034) are planned for each call's own query. Postgres 18 caches the plans of
-- SQL functions per session and, after five calls, may keep a generic plan, made without knowing the
-- search text or the tenant: on a pooled connection (the HTTP SQL endpoint reuses its sessions) the
-- resources matcher then took 260-360 ms instead of 35-47 ms for q=proj over 100,000 resources.
ALTER FUNCTION search_space_ranked(text) SET plan_cache_mode = force_custom_plan;--> statement-breakpoint
ALTER FUNCTION search_resource_ranked(text) SET plan_cache_mode = force_custom_plan;--> statement-breakpoint
ALTER FUNCTION search_contact_ids(tsquery) SET plan_cache_mode = force_custom_plan;--> statement-breakpoint
ALTER FUNCTION search_category_ids(tsquery) SET plan_cache_mode = force_custom_plan;--> statement-breakpoint
ALTER FUNCTION search_tag_ids(tsquery) SET plan_cache_mode = force_custom_plan;
