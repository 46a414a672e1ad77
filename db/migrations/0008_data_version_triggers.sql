-- Cached counts and statistics are keyed by this counter; every write to a table they read raises it.
INSERT INTO `data_versions` (`name`, `version`) VALUES ('tracking', 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `dispatches_insert_raises_tracking_version` AFTER INSERT ON `dispatches` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `dispatches_update_raises_tracking_version` AFTER UPDATE ON `dispatches` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `dispatches_delete_raises_tracking_version` AFTER DELETE ON `dispatches` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `answers_insert_raises_tracking_version` AFTER INSERT ON `answers` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `answers_update_raises_tracking_version` AFTER UPDATE ON `answers` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `answers_delete_raises_tracking_version` AFTER DELETE ON `answers` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `responses_insert_raises_tracking_version` AFTER INSERT ON `responses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `responses_update_raises_tracking_version` AFTER UPDATE ON `responses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `responses_delete_raises_tracking_version` AFTER DELETE ON `responses` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `letters_insert_raises_tracking_version` AFTER INSERT ON `letters` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `letters_update_raises_tracking_version` AFTER UPDATE ON `letters` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `letters_delete_raises_tracking_version` AFTER DELETE ON `letters` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `questions_insert_raises_tracking_version` AFTER INSERT ON `questions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `questions_update_raises_tracking_version` AFTER UPDATE ON `questions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `questions_delete_raises_tracking_version` AFTER DELETE ON `questions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `companies_insert_raises_tracking_version` AFTER INSERT ON `companies` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `companies_update_raises_tracking_version` AFTER UPDATE ON `companies` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `companies_delete_raises_tracking_version` AFTER DELETE ON `companies` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `campaigns_insert_raises_tracking_version` AFTER INSERT ON `campaigns` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `campaigns_update_raises_tracking_version` AFTER UPDATE ON `campaigns` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `campaigns_delete_raises_tracking_version` AFTER DELETE ON `campaigns` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `events_insert_raises_tracking_version` AFTER INSERT ON `events` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `events_update_raises_tracking_version` AFTER UPDATE ON `events` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
--> statement-breakpoint
CREATE TRIGGER `events_delete_raises_tracking_version` AFTER DELETE ON `events` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `name` = 'tracking'; END;
