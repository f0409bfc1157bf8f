PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_bank_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`iban` text,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_bank_accounts`("id", "user_id", "iban", "label", "type", "created_at") SELECT "id", "user_id", "iban", "label", "type", "created_at" FROM `bank_accounts`;--> statement-breakpoint
DROP TABLE `bank_accounts`;--> statement-breakpoint
ALTER TABLE `__new_bank_accounts` RENAME TO `bank_accounts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_iban_unique` ON `bank_accounts` (`iban`);--> statement-breakpoint
CREATE INDEX `bank_accounts_user_idx` ON `bank_accounts` (`user_id`);--> statement-breakpoint
CREATE TABLE `holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`asset` text NOT NULL,
	`amount` integer NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `bank_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `holds_account_idx` ON `holds` (`account_id`,`status`);--> statement-breakpoint
CREATE INDEX `holds_owner_idx` ON `holds` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `operations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `postings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`asset` text NOT NULL,
	`amount` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`counterparty_name` text,
	`counterparty_iban` text,
	`search` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `bank_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postings_account_idx` ON `postings` (`account_id`,`operation_id`);--> statement-breakpoint
CREATE INDEX `postings_operation_idx` ON `postings` (`operation_id`);--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `asset` text DEFAULT 'EUR' NOT NULL;--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `balance` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `held` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `overdraft_limit` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `rate_basis_points` integer;--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `system_code` text;--> statement-breakpoint
ALTER TABLE `bank_accounts` ADD `closed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `bank_accounts_system_uq` ON `bank_accounts` (`system_code`,`asset`);