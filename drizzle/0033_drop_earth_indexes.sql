-- Nearby queries prefilter with a latitude/longitude box on the B-trees of 0031 (geo.queries.ts):
-- under row-level security earth_box's @> is never an index condition. Nothing queries the GiST
-- indexes on ll_to_earth of 0022/0024 any more, so every write paid for indexes no read used.
DROP INDEX IF EXISTS "spaces_home_earth_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "resources_location_earth_idx";
