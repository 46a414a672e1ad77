CREATE TABLE `dispatch_tallies` (
	`campaign_id` integer NOT NULL,
	`letter_id` integer NOT NULL,
	`status` text NOT NULL,
	`due_at` text NOT NULL,
	`escalate_at` text NOT NULL,
	`has_open_questions` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `letter_id`, `status`, `due_at`, `escalate_at`, `has_open_questions`)
);
--> statement-breakpoint
-- Counted once from the dispatches there are; the triggers below keep the counts from here on.
INSERT INTO `dispatch_tallies` SELECT `campaign_id`, `letter_id`, `status`, `due_at`, `escalate_at`, `open_questions` > 0, count(*) FROM `dispatches` GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
CREATE TRIGGER `dispatches_insert_tallied` AFTER INSERT ON `dispatches` BEGIN INSERT INTO `dispatch_tallies` VALUES (NEW.`campaign_id`, NEW.`letter_id`, NEW.`status`, NEW.`due_at`, NEW.`escalate_at`, NEW.`open_questions` > 0, 1) ON CONFLICT DO UPDATE SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dispatches_delete_tallied` AFTER DELETE ON `dispatches` BEGIN INSERT INTO `dispatch_tallies` VALUES (OLD.`campaign_id`, OLD.`letter_id`, OLD.`status`, OLD.`due_at`, OLD.`escalate_at`, OLD.`open_questions` > 0, -1) ON CONFLICT DO UPDATE SET `n` = `n` - 1; END;
--> statement-breakpoint
CREATE TRIGGER `dispatches_update_tallied` AFTER UPDATE OF `campaign_id`, `letter_id`, `status`, `due_at`, `escalate_at`, `open_questions` ON `dispatches` WHEN OLD.`campaign_id` IS NOT NEW.`campaign_id` OR OLD.`letter_id` IS NOT NEW.`letter_id` OR OLD.`status` IS NOT NEW.`status` OR OLD.`due_at` IS NOT NEW.`due_at` OR OLD.`escalate_at` IS NOT NEW.`escalate_at` OR (OLD.`open_questions` > 0) IS NOT (NEW.`open_questions` > 0) BEGIN INSERT INTO `dispatch_tallies` VALUES (OLD.`campaign_id`, OLD.`letter_id`, OLD.`status`, OLD.`due_at`, OLD.`escalate_at`, OLD.`open_questions` > 0, -1) ON CONFLICT DO UPDATE SET `n` = `n` - 1; INSERT INTO `dispatch_tallies` VALUES (NEW.`campaign_id`, NEW.`letter_id`, NEW.`status`, NEW.`due_at`, NEW.`escalate_at`, NEW.`open_questions` > 0, 1) ON CONFLICT DO UPDATE SET `n` = `n` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `dispatch_tallies_emptied` AFTER UPDATE OF `n` ON `dispatch_tallies` WHEN NEW.`n` = 0 BEGIN DELETE FROM `dispatch_tallies` WHERE `campaign_id` = NEW.`campaign_id` AND `letter_id` = NEW.`letter_id` AND `status` = NEW.`status` AND `due_at` = NEW.`due_at` AND `escalate_at` = NEW.`escalate_at` AND `has_open_questions` = NEW.`has_open_questions`; END;
