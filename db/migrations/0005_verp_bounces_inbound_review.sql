CREATE TABLE `delivery_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dispatch_id` integer,
	`outbox_id` integer,
	`response_id` integer,
	`contact_id` integer,
	`recipient` text,
	`permanent` integer NOT NULL,
	`status_code` text,
	`diagnostic` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`dispatch_id`) REFERENCES `dispatches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `company_contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `delivery_failures_dispatch_idx` ON `delivery_failures` (`dispatch_id`);--> statement-breakpoint
CREATE INDEX `delivery_failures_contact_idx` ON `delivery_failures` (`contact_id`);--> statement-breakpoint
ALTER TABLE `dispatches` ADD `bounce_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `dispatches_bounce_token_unique` ON `dispatches` (`bounce_token`);--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `category` text DEFAULT 'reply' NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `proposed_dispatch_id` integer REFERENCES dispatches(id);--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `size_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `discarded_at` text;--> statement-breakpoint
CREATE INDEX `inbound_messages_unmatched_idx` ON `inbound_messages` (`dispatch_id`,`category`,`received_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `envelope_from` text;--> statement-breakpoint
CREATE INDEX `outbox_envelope_from_idx` ON `outbox` (`envelope_from`);