CREATE TABLE `rate_limit_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_hits_key_idx` ON `rate_limit_hits` (`key`,`at`);--> statement-breakpoint
CREATE INDEX `rate_limit_hits_expiry_idx` ON `rate_limit_hits` (`expires_at`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `kind` text DEFAULT 'mail' NOT NULL;