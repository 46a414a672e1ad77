CREATE TABLE `campaign_calendar_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_calendar_days_unique` ON `campaign_calendar_days` (`campaign_id`,`date`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `holiday_region` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `listed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `dispatches` ADD `original_due_at` text;