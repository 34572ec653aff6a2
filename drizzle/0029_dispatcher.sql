-- Reminder dispatch (the dispatcher): a delivery whose target was cancelled, moved or deleted
-- before its trigger time, or that has nobody to reach, ends `skipped` (with the reason in
-- last_error); failures and dead letters are counted by recency; one alert per dead delivery.
ALTER TABLE "reminder_deliveries" DROP CONSTRAINT "reminder_deliveries_status";--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_status" CHECK ("status" IN ('queued', 'sent', 'failed', 'dead', 'skipped'));--> statement-breakpoint
CREATE INDEX "reminder_deliveries_trouble_idx" ON "reminder_deliveries" ("updated_at") WHERE "status" IN ('failed', 'dead');--> statement-breakpoint
CREATE UNIQUE INDEX "dispatcher_alerts_delivery_key" ON "dispatcher_alerts" ("delivery_key") WHERE "delivery_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "dispatcher_alerts_open_idx" ON "dispatcher_alerts" ("created_at") WHERE "acknowledged_at" IS NULL;
