DROP INDEX `companies_name_unique`;--> statement-breakpoint
ALTER TABLE `companies` ADD `archived_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `companies_name_unique` ON `companies` (casefold("name"));--> statement-breakpoint
DROP INDEX `organizations_name_unique`;--> statement-breakpoint
ALTER TABLE `organizations` ADD `archived_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_name_unique` ON `organizations` (casefold("name"));