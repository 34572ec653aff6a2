-- Directory list totals without counting rows. A list's total is exact (pagination.total), and
-- counting the filtered rows visited every one of them: 100,000 resources of a tenant cost 25-60 ms of
-- Postgres CPU per request, on a sequential scan, however small the page. This table holds each
-- tenant's spaces and resources per type and status, kept by statement triggers (one upsert per
-- statement and group, whatever the number of rows: an import batch of 1,000 rows is one), so a list
-- filtered by type and status alone reads its total here (src/modules/directory/shared/counts.queries.ts);
-- pending entities, which only some callers see, are still counted per row (a partial index).
-- Other filters (category, tag, space, location, name, manageable) count their matching rows.
CREATE TABLE "directory_counts" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "entity_type" text NOT NULL CHECK ("entity_type" IN ('space', 'resource')),
  "type" text NOT NULL,
  "status" text NOT NULL,
  "n" bigint NOT NULL,
  PRIMARY KEY ("tenant_id", "entity_type", "type", "status")
);--> statement-breakpoint
SELECT enable_tenant_rls('directory_counts');--> statement-breakpoint
-- Runs as the writing role, under its row-level security (the rows are the tenant's own). Deletes only
-- decrement: when a tenant is deleted its counts go with it (cascade), in whichever order.
CREATE OR REPLACE FUNCTION directory_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO directory_counts AS d (tenant_id, entity_type, type, status, n)
      SELECT tenant_id, TG_ARGV[0], type, status, count(*) FROM new_rows GROUP BY tenant_id, type, status
      ON CONFLICT (tenant_id, entity_type, type, status) DO UPDATE SET n = d.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE directory_counts d SET n = d.n - o.n
      FROM (SELECT tenant_id, type, status, count(*) AS n FROM old_rows GROUP BY tenant_id, type, status) o
      WHERE d.tenant_id = o.tenant_id AND d.entity_type = TG_ARGV[0] AND d.type = o.type AND d.status = o.status;
  ELSE
    -- Most updates change neither type nor status (visits, names, order): no group differs, no write.
    INSERT INTO directory_counts AS d (tenant_id, entity_type, type, status, n)
      SELECT tenant_id, TG_ARGV[0], type, status, sum(n) FROM (
        SELECT tenant_id, type, status, 1 AS n FROM new_rows
        UNION ALL SELECT tenant_id, type, status, -1 FROM old_rows) x
      GROUP BY tenant_id, type, status HAVING sum(n) <> 0
      ON CONFLICT (tenant_id, entity_type, type, status) DO UPDATE SET n = d.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "spaces_count_insert" AFTER INSERT ON "spaces" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_count_rows('space');--> statement-breakpoint
CREATE TRIGGER "spaces_count_update" AFTER UPDATE ON "spaces" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_count_rows('space');--> statement-breakpoint
CREATE TRIGGER "spaces_count_delete" AFTER DELETE ON "spaces" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_count_rows('space');--> statement-breakpoint
CREATE TRIGGER "resources_count_insert" AFTER INSERT ON "resources" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_count_rows('resource');--> statement-breakpoint
CREATE TRIGGER "resources_count_update" AFTER UPDATE ON "resources" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_count_rows('resource');--> statement-breakpoint
CREATE TRIGGER "resources_count_delete" AFTER DELETE ON "resources" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_count_rows('resource');--> statement-breakpoint
INSERT INTO directory_counts (tenant_id, entity_type, type, status, n)
  SELECT tenant_id, 'space', type, status, count(*) FROM spaces GROUP BY tenant_id, type, status
  UNION ALL SELECT tenant_id, 'resource', type, status, count(*) FROM resources GROUP BY tenant_id, type, status;--> statement-breakpoint
-- The pending entities a caller may see are counted per row, from these.
CREATE INDEX "spaces_pending_idx" ON "spaces" ("tenant_id") WHERE "status" = 'pending';--> statement-breakpoint
CREATE INDEX "resources_pending_idx" ON "resources" ("tenant_id") WHERE "status" = 'pending';
