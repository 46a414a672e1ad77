DROP INDEX `dispatches_company_idx`;--> statement-breakpoint
CREATE INDEX `dispatches_company_campaign_idx` ON `dispatches` (`company_id`,`campaign_id`);