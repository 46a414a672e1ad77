CREATE TABLE `data_versions` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `dispatches_company_idx`;--> statement-breakpoint
CREATE INDEX `dispatches_company_campaign_idx` ON `dispatches` (`company_id`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `dispatches_campaign_sent_idx` ON `dispatches` (`campaign_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `dispatches_campaign_status_due_idx` ON `dispatches` (`campaign_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `dispatches_open_campaign_due_idx` ON `dispatches` (`campaign_id`,`due_at`) WHERE "dispatches"."status" in ('sent', 'acknowledged');--> statement-breakpoint
CREATE INDEX `dispatches_open_campaign_escalate_idx` ON `dispatches` (`campaign_id`,`escalate_at`) WHERE "dispatches"."status" in ('sent', 'acknowledged');--> statement-breakpoint
CREATE INDEX `dispatches_open_due_idx` ON `dispatches` (`due_at`) WHERE "dispatches"."status" in ('sent', 'acknowledged');