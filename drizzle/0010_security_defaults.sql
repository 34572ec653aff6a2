ALTER TABLE "system_security_config" ALTER COLUMN "dos_max_requests_per_ip" SET DEFAULT 10000;--> statement-breakpoint
ALTER TABLE "system_security_config" ALTER COLUMN "dos_block_duration_seconds" SET DEFAULT 60;--> statement-breakpoint
ALTER TABLE "system_security_config" ALTER COLUMN "ip_blacklist_auto_block_threshold" SET DEFAULT 50;--> statement-breakpoint
ALTER TABLE "system_security_config" ALTER COLUMN "ip_blacklist_auto_block_duration_seconds" SET DEFAULT 900;--> statement-breakpoint
-- Installations that never changed these settings move to the new defaults; an administrator's choice stays.
UPDATE "system_security_config" SET
	"dos_max_requests_per_ip" = CASE WHEN "dos_max_requests_per_ip" = 1000 THEN 10000 ELSE "dos_max_requests_per_ip" END,
	"dos_block_duration_seconds" = CASE WHEN "dos_block_duration_seconds" = 300 THEN 60 ELSE "dos_block_duration_seconds" END,
	"ip_blacklist_auto_block_threshold" = CASE WHEN "ip_blacklist_auto_block_threshold" = 10 THEN 50 ELSE "ip_blacklist_auto_block_threshold" END,
	"ip_blacklist_auto_block_duration_seconds" = CASE WHEN "ip_blacklist_auto_block_duration_seconds" = 3600 THEN 900 ELSE "ip_blacklist_auto_block_duration_seconds" END
WHERE "updated_by" IS NULL;
