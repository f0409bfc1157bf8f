ALTER TABLE `orders` ADD `cancel_reason` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `filled_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `stocks` ADD `phase` text DEFAULT 'continuous' NOT NULL;--> statement-breakpoint
ALTER TABLE `stocks` ADD `auction_ends_at` integer;--> statement-breakpoint
ALTER TABLE `stocks` ADD `reference_price` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `stocks` ADD `reference_day` text DEFAULT '' NOT NULL;