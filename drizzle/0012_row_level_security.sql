-- Tenant isolation enforced by the database as well (row-level security), behind the explicit
-- `tenant_id` filter every query carries. The Worker's tenant-scoped request work connects as
-- `platform_app` (DATABASE_URL): no BYPASSRLS, owns nothing, and sees only rows of the tenant named
-- by the transaction-local setting `app.tenant_id`, which src/db/rls.ts sends as the first statement
-- of every HTTP batch and of every unit-of-work transaction; without the setting it sees no tenant
-- rows at all. Platform-wide work (the lookups that establish the caller and their tenant, public
-- routes, the system zone, cron and queue consumers, after-commit work, migrations) connects through
-- PLATFORM_DATABASE_URL as the owner or another BYPASSRLS role (README, "Row-level security").
--
-- The role is made here (NOLOGIN) so the policies can name it; the local stack
-- (scripts/lib/roles.ts) and the deploy steps (README) give it LOGIN and a password.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'platform_app') THEN
    CREATE ROLE platform_app NOLOGIN NOBYPASSRLS;
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO platform_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO platform_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO platform_app;--> statement-breakpoint
-- Tables of later migrations are granted too (they are created by the same owner).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO platform_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO platform_app;--> statement-breakpoint
-- Every later migration that adds a tenant-owned table ends with `SELECT enable_tenant_rls('<table>');`.
-- FORCE: the policy applies to the table owner as well unless it bypasses RLS (superuser or
-- BYPASSRLS), so a Worker misconfigured to connect as a plain owner sees nothing rather than all.
-- The policy names platform_app only: any other role without BYPASSRLS gets no rows (fail closed).
-- nullif: a setting made by an earlier transaction on the same connection reads '' afterwards.
CREATE OR REPLACE FUNCTION enable_tenant_rls(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', t);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO platform_app '
    'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
    'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
    t
  );
END $$;--> statement-breakpoint
-- Tenant-owned tables of the access and accounts areas (one tenant per row). Left out, and why:
-- users, memberships, sessions (a person spans tenants; read by the caller check, which establishes
-- the tenant, on the platform path), reference data, system tables, outbox (platform jobs).
SELECT enable_tenant_rls(t::regclass) FROM unnest(ARRAY[
  'groups', 'group_members', 'api_keys', 'app_accounts', 'invitations', 'approval_settings',
  'approval_requests', 'flow_tasks', 'flow_task_completions', 'tenant_security_configs',
  'audit_logs', 'idempotency_keys', 'user_identities'
]) AS t;
