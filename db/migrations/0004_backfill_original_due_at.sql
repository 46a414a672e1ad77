-- The due date set at sending: the date before the first holding reply moved it (its
-- dispatch.due_changed event without a "recomputed" reason), otherwise the current due date.
UPDATE `dispatches` SET `original_due_at` = coalesce(
	(SELECT json_extract(e.`data`, '$.from') FROM `events` e
	 WHERE e.`dispatch_id` = `dispatches`.`id` AND e.`type` = 'dispatch.due_changed'
	   AND json_extract(e.`data`, '$.reason') IS NULL
	 ORDER BY e.`id` LIMIT 1),
	`due_at`)
WHERE `original_due_at` IS NULL;
