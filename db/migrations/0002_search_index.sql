-- Full-text search over what people look for: companies, organizations, campaigns, letters (title,
-- body and questions) and responses. unicode61 with remove_diacritics 2 so "nestle" finds "Nestlé".
-- rowid = id * 8 + kind (1 company, 2 organization, 3 campaign, 4 letter, 5 response), so triggers
-- replace an entry by rowid without scanning. Kept current by the triggers below.
CREATE VIRTUAL TABLE `search_index` USING fts5(
	`kind` UNINDEXED,
	`ref_id` UNINDEXED,
	`campaign_id` UNINDEXED,
	`title`,
	`body`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `search_companies_insert` AFTER INSERT ON `companies` BEGIN
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 1, 'company', new.id, NULL, new.name,
		new.country || coalesce(' ' || new.sector, '') || coalesce(' ' || new.ticker, '') || coalesce(' ' || new.isin, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `search_companies_update` AFTER UPDATE OF `name`, `country`, `sector`, `ticker`, `isin` ON `companies` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 1;
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 1, 'company', new.id, NULL, new.name,
		new.country || coalesce(' ' || new.sector, '') || coalesce(' ' || new.ticker, '') || coalesce(' ' || new.isin, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `search_companies_delete` AFTER DELETE ON `companies` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_organizations_insert` AFTER INSERT ON `organizations` BEGIN
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 2, 'organization', new.id, NULL, new.name, new.country);
END;
--> statement-breakpoint
CREATE TRIGGER `search_organizations_update` AFTER UPDATE OF `name`, `country` ON `organizations` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 2;
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 2, 'organization', new.id, NULL, new.name, new.country);
END;
--> statement-breakpoint
CREATE TRIGGER `search_organizations_delete` AFTER DELETE ON `organizations` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `search_campaigns_insert` AFTER INSERT ON `campaigns` BEGIN
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 3, 'campaign', new.id, new.id, new.name, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `search_campaigns_update` AFTER UPDATE OF `name`, `description` ON `campaigns` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 3;
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 3, 'campaign', new.id, new.id, new.name, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `search_campaigns_delete` AFTER DELETE ON `campaigns` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 3;
END;
--> statement-breakpoint
CREATE TRIGGER `search_letters_insert` AFTER INSERT ON `letters` BEGIN
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 4, 'letter', new.id, new.campaign_id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_letters_update` AFTER UPDATE OF `title`, `body`, `campaign_id` ON `letters` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 4;
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 4, 'letter', new.id, new.campaign_id, new.title,
		new.body || coalesce(char(10) || (SELECT group_concat(q.text, char(10)) FROM (SELECT text FROM questions WHERE letter_id = new.id ORDER BY number) q), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `search_letters_delete` AFTER DELETE ON `letters` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 4;
END;
--> statement-breakpoint
CREATE TRIGGER `search_questions_insert` AFTER INSERT ON `questions` BEGIN
	UPDATE `letters` SET `title` = `title` WHERE id = new.letter_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_questions_update` AFTER UPDATE OF `text`, `number` ON `questions` BEGIN
	UPDATE `letters` SET `title` = `title` WHERE id = new.letter_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_questions_delete` AFTER DELETE ON `questions` BEGIN
	UPDATE `letters` SET `title` = `title` WHERE id = old.letter_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_responses_insert` AFTER INSERT ON `responses` BEGIN
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 5, 'response', new.id, (SELECT campaign_id FROM dispatches WHERE id = new.dispatch_id),
		coalesce(new.subject, ''), new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_responses_update` AFTER UPDATE OF `subject`, `body` ON `responses` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 5;
	INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
	VALUES (new.id * 8 + 5, 'response', new.id, (SELECT campaign_id FROM dispatches WHERE id = new.dispatch_id),
		coalesce(new.subject, ''), new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_responses_delete` AFTER DELETE ON `responses` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 5;
END;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
SELECT id * 8 + 1, 'company', id, NULL, name,
	country || coalesce(' ' || sector, '') || coalesce(' ' || ticker, '') || coalesce(' ' || isin, '')
FROM `companies`;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
SELECT id * 8 + 2, 'organization', id, NULL, name, country FROM `organizations`;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
SELECT id * 8 + 3, 'campaign', id, id, name, description FROM `campaigns`;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
SELECT l.id * 8 + 4, 'letter', l.id, l.campaign_id, l.title,
	l.body || coalesce(char(10) || (SELECT group_concat(q.text, char(10)) FROM (SELECT text FROM questions WHERE letter_id = l.id ORDER BY number) q), '')
FROM `letters` l;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, ref_id, campaign_id, title, body)
SELECT r.id * 8 + 5, 'response', r.id, d.campaign_id, coalesce(r.subject, ''), r.body
FROM `responses` r JOIN `dispatches` d ON d.id = r.dispatch_id;
