-- Custom domains of tenants (both domain APIs: /secure/tenant-domains and /secure/tenants/{id}/domains).
-- A domain belongs to at most one tenant platform-wide (unique on the lower-cased name), so a
-- verified domain names exactly one tenant when a request arrives with it as its Host.
CREATE TABLE IF NOT EXISTS "tenant_domains" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE cascade,
  "domain" text NOT NULL,
  "domain_type" text DEFAULT 'api' NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "verification_token" text NOT NULL,
  "verification_method" text DEFAULT 'cname' NOT NULL,
  "verified_at" timestamp with time zone,
  "last_checked_at" timestamp with time zone,
  "last_error_code" text,
  "ssl_status" text DEFAULT 'none' NOT NULL,
  "ssl_issued_at" timestamp with time zone,
  "ssl_expires_at" timestamp with time zone,
  "settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "tenant_domains_domain_lower" CHECK ("domain" = lower("domain") AND length("domain") BETWEEN 1 AND 255),
  CONSTRAINT "tenant_domains_domain_type" CHECK ("domain_type" IN ('api')),
  CONSTRAINT "tenant_domains_status" CHECK ("status" IN ('pending', 'verifying', 'verified', 'failed', 'expired')),
  CONSTRAINT "tenant_domains_method" CHECK ("verification_method" IN ('cname', 'txt', 'http')),
  CONSTRAINT "tenant_domains_ssl_status" CHECK ("ssl_status" IN ('none', 'pending', 'issued', 'failed', 'expiring', 'expired'))
);--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "tenant_domains_domain_key" ON "tenant_domains" ("domain");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tenant_domains_tenant_idx" ON "tenant_domains" ("tenant_id", "created_at");--> statement-breakpoint
SELECT enable_tenant_rls('tenant_domains');
