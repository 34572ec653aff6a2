-- Window queries ("which rows overlap [from, to)") now test `starts_at < to and ends_at >= from`
-- (overlap.queries.ts): plain timestamptz comparisons, which are LEAKPROOF, so Postgres may use them
-- as index conditions under row-level security. The range operator `&&` of 0027's indexes is not
-- leakproof: under the tenant policy it was only ever a filter after reading every row of the
-- calendar. One GiST index per table over (calendar_id, starts_at, ends_at) through btree_gist
-- serves both bounds at once, so a window reads what it returns, however long the history.
DROP INDEX IF EXISTS "calendar_entries_window_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "recurrence_instances_window_idx";--> statement-breakpoint
CREATE INDEX "calendar_entries_window_idx" ON "calendar_entries" USING gist ("calendar_id", "starts_at", "ends_at") WHERE "deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "recurrence_instances_window_idx" ON "recurrence_instances" USING gist ("calendar_id", "starts_at", "ends_at");
