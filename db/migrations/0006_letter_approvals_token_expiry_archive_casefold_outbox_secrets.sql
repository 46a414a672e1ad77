CREATE TABLE `letter_approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`letter_id` integer NOT NULL,
	`company_id` integer NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`template_versions` text NOT NULL,
	`approved_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letter_approvals_unique` ON `letter_approvals` (`letter_id`,`company_id`);--> statement-breakpoint
DROP INDEX `companies_name_unique`;--> statement-breakpoint
ALTER TABLE `companies` ADD `archived_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `companies_name_unique` ON `companies` (casefold("name"));--> statement-breakpoint
DROP INDEX `organizations_name_unique`;--> statement-breakpoint
ALTER TABLE `organizations` ADD `archived_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_name_unique` ON `organizations` (casefold("name"));--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `secrets` text;