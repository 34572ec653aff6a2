-- Directory list and nearby indexes. Nearby searches of spaces and resources under row-level security: the planner uses an index only
-- for leakproof operators there, and earthdistance's earth_box @> (cube_contains) is not, so the
-- GiST indexes on ll_to_earth of 0022/0024 are never chosen for platform_app (a sequential scan
-- computing ll_to_earth per row instead). float8 comparisons are leakproof: the queries
-- (src/modules/directory/shared/geo.queries.ts) prefilter by a latitude/longitude box around the
-- circle, served by these B-trees, then keep the exact earth_distance.
CREATE INDEX "resources_location_box_idx" ON "resources" ("tenant_id", "current_lat", "current_lng") WHERE "current_lat" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "spaces_home_box_idx" ON "spaces" ("tenant_id", "home_lat", "home_lng") WHERE "home_lat" IS NOT NULL;
--> statement-breakpoint
-- The list (src/modules/directory/shared/ordering.queries.ts) reads the tenant's position
-- promotions apart (few rows: this partial index) and the first offset+limit regular rows from the
-- list order index; its total counts the filtered rows. The order index now carries the columns
-- those filters read (visibility, promotion), so both the page and the count are index-only scans.
CREATE INDEX "resources_promoted_idx" ON "resources" ("tenant_id", "promotion_rank") WHERE "promotion_type" IN ('PositionDynamic', 'PositionFix') AND "promotion_rank" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "spaces_promoted_idx" ON "spaces" ("tenant_id", "promotion_rank") WHERE "promotion_type" IN ('PositionDynamic', 'PositionFix') AND "promotion_rank" IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "resources_order_idx";--> statement-breakpoint
CREATE INDEX "resources_order_idx" ON "resources" ("tenant_id", "custom_order" DESC, "name", "id") INCLUDE ("status", "space_id", "created_by", "promotion_type", "promotion_rank", "promotion_start_date", "promotion_end_date");
