CREATE TABLE `scheduled_transfer_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scheduled_id` integer NOT NULL,
	`date` text NOT NULL,
	`result` text NOT NULL,
	`transfer_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`scheduled_id`) REFERENCES `scheduled_transfers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_transfer_runs_once_uq` ON `scheduled_transfer_runs` (`scheduled_id`,`date`);--> statement-breakpoint
CREATE TABLE `scheduled_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`from_account_id` integer NOT NULL,
	`to_iban` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`label` text NOT NULL,
	`beneficiary_name` text NOT NULL,
	`frequency` text NOT NULL,
	`first_date` text NOT NULL,
	`end_date` text,
	`count` integer,
	`anchor_date` text NOT NULL,
	`anchor_index` integer DEFAULT 0 NOT NULL,
	`next_date` text,
	`status` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_account_id`) REFERENCES `bank_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scheduled_transfers_user_idx` ON `scheduled_transfers` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `scheduled_transfers_due_idx` ON `scheduled_transfers` (`status`,`next_date`);--> statement-breakpoint
CREATE INDEX `scheduled_transfers_account_idx` ON `scheduled_transfers` (`from_account_id`,`status`);--> statement-breakpoint
ALTER TABLE `transfers` ADD `scheduled_id` integer REFERENCES scheduled_transfers(id);--> statement-breakpoint
CREATE INDEX `transfers_scheduled_idx` ON `transfers` (`scheduled_id`);